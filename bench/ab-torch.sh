#!/usr/bin/env bash
# rnnflow and PyTorch in turn, A B A B, on the same shapes in the same minutes: per shape and pass,
# `npm run bench -- --only "S,S float32" --threads 1,2` (with the SIMD and native peak loops), then
# bench/torch-cpu.py (the same epochs timed by wall clock and by CPU time) in float64 and float32 on 1
# and 2 threads; the load average is recorded beside each. bench/ab-table.mjs OUT_DIR prints the table.
# Not run by CI (needs the PyTorch set-up of bench/peers.sh). From the repository after `npm run build`:
#   bench/ab-torch.sh OUT_DIR                       (Elman, LSTM and GRU at 8/128/6, 2 passes)
#   SHAPES="elman 8 32 6" PASSES=1 bench/ab-torch.sh OUT_DIR
set -uo pipefail
OUT=${1:?usage: bench/ab-torch.sh OUT_DIR}; mkdir -p "$OUT"
export PEERS_DIR=${PEERS_DIR:-/work/shared/peers}
export LD_LIBRARY_PATH=${BLAS_DIR:-$HOME/.cache/blas/root/usr/lib/x86_64-linux-gnu/openblas-pthread} OMP_WAIT_POLICY=PASSIVE
IFS=';' read -r -a shapes <<< "${SHAPES:-elman 8 128 6;lstm 8 128 6;gru 8 128 6}"
for pass in $(seq 1 "${PASSES:-2}"); do
  for shape in "${shapes[@]}"; do
    set -- $shape
    cell=$1; prefix=$([ "$cell" = elman ] || echo "$cell ")
    impl=$([ "$cell" = elman ] && echo manual,nnrnn || echo "nn$cell")
    label="$prefix$2/$3/$4"; tag="$cell-$2-$3-$4-p$pass"
    echo "== $label pass $pass $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
    node dist/bench/run.js --only "$label,$label float32" --threads 1,2 --out "$OUT/rnnflow-$tag.json" > "$OUT/rnnflow-$tag.txt" 2>&1
    /usr/bin/python3 bench/torch-cpu.py --in "$2" --hidden "$3" --out "$4" --mode last --net multiclass --T 24 --batch 64 \
      --dtype float64,float32 --impl "$impl" --threads 1,2 --epochs "${TORCH_EPOCHS:-4}" > "$OUT/torch-$tag.jsonl"
  done
done
echo "== end $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
