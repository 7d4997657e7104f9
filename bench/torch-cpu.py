#!/usr/bin/env python3
"""PyTorch's training epochs timed by wall clock and by CPU time, for the A B A B runs of
bench/ab-torch.sh (docs/speed.md). Takes torch_train.py's own arguments (the peer in PEERS_DIR,
default /work/shared/peers; the project never imports it at run time) and runs its models and data,
epoch for epoch as torch_train.py does (a warm-up epoch, then --epochs timed ones), printing one JSON
line per impl x dtype x threads with the median samples per wall second and per CPU second
(time.process_time: every thread of the process, OpenBLAS's too). On a machine shared with other
work the 1-thread CPU figure is the steadier one: other processes take wall time, not this one's CPU.
Not run by CI (needs python3-torch and OpenBLAS as bench/peers.sh says)."""
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.environ.get("PEERS_DIR", "/work/shared/peers"))
import torch  # noqa: E402
import torch_train as tt  # noqa: E402


def run(args, impl, dtype_name, threads, data):
    xtr_np, ytr_np, _, _, n_out, _ = data
    dtype = tt.DTYPES[dtype_name]
    tt.set_threads(threads)
    xtr, ytr = torch.tensor(xtr_np, dtype=dtype), torch.tensor(ytr_np, dtype=dtype)
    model = tt.MODELS[impl](tt.init_params(args.seed, xtr.shape[2], args.hidden, n_out), args.net, args.mode, dtype)
    n, B = xtr.shape[0], args.batch
    gen = torch.Generator().manual_seed(args.seed)
    wall, cpu, losses = [], [], []
    for epoch in range(args.epochs + 1):  # epoch 0: warm-up, not counted
        t0, c0 = time.perf_counter(), time.process_time()
        perm = torch.randperm(n, generator=gen)
        xs, ys = xtr[perm], ytr[perm]
        tot, steps = 0.0, 0
        for i in range(0, n - B + 1, B):  # torch_train.py's default: the last partial batch dropped
            tot += model.train_step(xs[i:i + B], ys[i:i + B], args.lr)
            steps += 1
        dt, dc = time.perf_counter() - t0, time.process_time() - c0
        losses.append(tot / max(steps, 1))
        if epoch > 0:
            wall.append((n - n % B) / dt)
            cpu.append((n - n % B) / dc)
    return {"impl": impl, "dtype": dtype_name, "threads": threads, "blas": tt.blas_label(), "hidden": args.hidden,
            "in": int(xtr.shape[2]), "out": n_out, "T": int(xtr.shape[1]), "batch": B,
            "samples_per_s_median": statistics.median(wall), "cpu_samples_per_s_median": statistics.median(cpu),
            "samples_per_s": [round(r) for r in wall], "cpu_samples_per_s": [round(r) for r in cpu],
            "train_loss_by_epoch": [round(v, 6) for v in losses], "load": os.getloadavg()[0]}


def main(argv):
    args = tt.parse_args(argv)
    data = tt.synthetic(args) if args.data == "synthetic" else tt.pm25(args)
    if args.data == "pm25":
        args.n_in = data[0].shape[2]
    for dtype_name in args.dtypes:
        for threads in args.thread_list:
            for impl in args.impls:
                print(json.dumps(run(args, impl, dtype_name, threads, data)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
