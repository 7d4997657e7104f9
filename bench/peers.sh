#!/usr/bin/env bash
# Measures the PyTorch peer (/work/shared/peers/torch_train.py) on the bench's shapes, for the
# side-by-side columns of `npm run bench -- --peers FILE`. Never run by CI: it needs Debian's
# python3-torch and OpenBLAS unpacked as in /work/shared/peers/README.md.
#   bench/peers.sh [OUT.jsonl]      (default bench/results/peers-<date>.jsonl; DTYPE=float32 for float32)
# Each line of OUT is one torch_train.py --json result (impl × threads × shape).
set -euo pipefail
PEERS=${PEERS_DIR:-/work/shared/peers}
BLAS=${BLAS_DIR:-$HOME/.cache/blas/root/usr/lib/x86_64-linux-gnu/openblas-pthread}
DTYPE=${DTYPE:-float64}
OUT=${1:-bench/results/peers-$(date +%F)$([ "$DTYPE" = float64 ] || echo "-$DTYPE").jsonl}
# Debian's torch links the reference BLAS; OpenBLAS is loaded for torch alone. Without the passive
# wait policy, two OpenMP threads spin against each other on a 2-core machine.
export LD_LIBRARY_PATH=$BLAS OMP_WAIT_POLICY=PASSIVE
: > "$OUT"
# in hidden out mode: the bench's shapes (T=24, batch 64, multiclass, 2048 samples).
for shape in "6 4 6 last" "8 8 6 last" "8 32 6 last" "8 128 6 last" "64 256 10 last" "8 32 6 each"; do
  set -- $shape
  /usr/bin/python3 "$PEERS/torch_train.py" --json --in "$1" --hidden "$2" --out "$3" --mode "$4" \
    --net multiclass --T 24 --batch 64 --dtype "$DTYPE" --impl loop,manual,nnrnn --threads 1,2 \
    --epochs 5 --max-seconds 20 | tee -a "$OUT" | cut -c1-160
done
# issue 10's gated cells: torch.nn.LSTM / nn.GRU + Linear on the same teacher data (bench labels "lstm 8/8/6" …).
for shape in "8 8 6" "8 32 6" "8 128 6"; do
  set -- $shape
  /usr/bin/python3 "$PEERS/torch_train.py" --json --in "$1" --hidden "$2" --out "$3" --mode last \
    --net multiclass --T 24 --batch 64 --dtype "$DTYPE" --impl nnlstm,nngru --threads 1,2 \
    --epochs 5 --max-seconds 20 | tee -a "$OUT" | cut -c1-160
done
# issue 23: variable-length training on the surnames, torch.nn.GRU over packed sequences (bench label
# "names gru 29/64/18"): one-hot GRU-64, Adam 0.003, batch 32; its last line is the JSON summary.
for threads in 1 2; do
  /usr/bin/python3 "$PEERS/torch_names.py" --cell gru --hidden 64 --epochs 4 --dtype "$DTYPE" --threads "$threads" \
    | tail -n 1 | tee -a "$OUT" | cut -c1-160
done
echo "wrote $OUT" >&2
