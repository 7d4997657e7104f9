#!/usr/bin/env bash
# Per shape: PyTorch float64 and float32 (torch_train.py, loop/manual/nnrnn, threads 1,2), then rnnflow
# float64 and float32 (bench --only, threads 1,2) in the same minutes; ratios from that shape's files.
set -uo pipefail
cd /work/main
export LD_LIBRARY_PATH=$HOME/.cache/blas/root/usr/lib/x86_64-linux-gnu/openblas-pthread OMP_WAIT_POLICY=PASSIVE
OUT=${OUT:-/tmp/speed2/interleave}; mkdir -p $OUT
for shape in "64 256 10 last" "8 128 6 last" "8 32 6 last" "8 8 6 last" "6 4 6 last" "8 32 6 each"; do
  set -- $shape
  label="$1/$2/$3$([ "$4" = each ] && echo ' each')"; tag="$1-$2-$3-$4"
  echo "== $label $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
  for dt in float64 float32; do
    /usr/bin/python3 /work/shared/peers/torch_train.py --json --in "$1" --hidden "$2" --out "$3" --mode "$4" \
      --net multiclass --T 24 --batch 64 --dtype $dt --impl loop,manual,nnrnn --threads 1,2 \
      --epochs 5 --max-seconds 20 > $OUT/peers-$tag-$dt.jsonl
  done
  node dist/bench/run.js --only "$label,$label float32" --threads 1,2 --peers $OUT/peers-$tag-float64.jsonl,$OUT/peers-$tag-float32.jsonl --out $OUT/rnnflow-$tag.json > $OUT/rnnflow-$tag.txt 2>&1
  grep -v "^  " $OUT/rnnflow-$tag.txt | sed -n '1,2p;5,12p'
  echo "   end $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
done
