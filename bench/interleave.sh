#!/usr/bin/env bash
# Issue 17's side-by-side run: per shape, PyTorch float64 and float32 (torch_train.py: loop, manual,
# nnrnn × 1, 2 threads; for lstm/gru rows nn.LSTM / nn.GRU), then rnnflow float64 and float32
# (`npm run bench -- --only`, 1, 2 threads) in the same minutes, so each shape's ratio compares like load
# with like. Never run by CI (needs the PyTorch set-up of bench/peers.sh). Run from the repository after
# `npm run build`:
#   bench/interleave.sh OUT_DIR             (docs/speed.md's tables: bench/results/2026-11-27-{before,final}/)
#   GATED=1 bench/interleave.sh OUT_DIR     (also LSTM and GRU at 8/32/6 and 8/128/6)
#   KERNELS=native,wasm bench/interleave.sh OUT_DIR   (each rnnflow case on each back end, in turn)
#   SHAPES="elman 64 256 10 last;elman 8 128 6 last" bench/interleave.sh OUT_DIR   (these shapes only)
set -uo pipefail
OUT=${1:?usage: bench/interleave.sh OUT_DIR}; mkdir -p "$OUT"
PEERS=${PEERS_DIR:-/work/shared/peers}
export LD_LIBRARY_PATH=${BLAS_DIR:-$HOME/.cache/blas/root/usr/lib/x86_64-linux-gnu/openblas-pthread} OMP_WAIT_POLICY=PASSIVE
shapes=("elman 64 256 10 last" "elman 8 128 6 last" "elman 8 32 6 last" "elman 8 8 6 last" "elman 6 4 6 last" "elman 8 32 6 each")
[ -n "${GATED:-}" ] && shapes+=("lstm 8 32 6 last" "gru 8 32 6 last" "lstm 8 128 6 last" "gru 8 128 6 last")
[ -n "${SHAPES:-}" ] && IFS=';' read -r -a shapes <<< "$SHAPES"
for shape in "${shapes[@]}"; do
  set -- $shape
  cell=$1; shift
  prefix=$([ "$cell" = elman ] || echo "$cell ")
  impl=$([ "$cell" = elman ] && echo loop,manual,nnrnn || echo "nn$cell")
  label="$prefix$1/$2/$3$([ "$4" = each ] && echo ' each')"; tag="$cell-$1-$2-$3-$4"
  echo "== $label $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
  for dt in float64 float32; do
    /usr/bin/python3 "$PEERS/torch_train.py" --json --in "$1" --hidden "$2" --out "$3" --mode "$4" \
      --net multiclass --T 24 --batch 64 --dtype $dt --impl "$impl" --threads 1,2 \
      --epochs 5 --max-seconds 20 > "$OUT/peers-$tag-$dt.jsonl"
  done
  node dist/bench/run.js --only "$label,$label float32" --threads 1,2 ${KERNELS:+--kernels "$KERNELS"} --peers "$OUT/peers-$tag-float64.jsonl,$OUT/peers-$tag-float32.jsonl" \
    --out "$OUT/rnnflow-$tag.json" > "$OUT/rnnflow-$tag.txt" 2>&1
  grep -v "^  " "$OUT/rnnflow-$tag.txt" | sed -n '1,2p;5,12p'
  echo "   end $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
done
