#!/usr/bin/env bash
# The README's quick commands, run exactly as written, in a fresh clone of this repository (a CI
# step: .ci/run). Each command must still be in the README verbatim, so the two cannot drift apart.
# `npm run regress` is left out here: .ci/run runs it as written already.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
commands=(
  'npm ci && npm run exp experiments/pm25.json5'
  'npm run exp -- experiments/minus.json5 --set train.eta=0.2 --seed 7 --no-expect'
  'npx rnnflow exp experiments/echo.json5 --out runs/echo-here'
  'npx rnnflow validate experiments/pm25.json5'
  'npx rnnflow eval runs/pm25'
  'npx rnnflow runs'
  'npx rnnflow predict runs/pm25 --input data/PRSA_data_2010.1.1-2014.12.31.csv.gz --out preds.csv'
)
for c in "${commands[@]}"; do
  grep -qF -- "    $c" "$repo/README.md" || { echo "readme-quick-commands: the README no longer shows: $c (update scripts/readme-quick-commands.sh)"; exit 1; }
done
clone=$(mktemp -d /tmp/rnnflow-readme-XXXXXX)
trap 'rm -rf "$clone"' EXIT
git clone -q "$repo" "$clone"
cd "$clone"
for c in "${commands[@]}"; do
  echo "\$ $c"
  start=$SECONDS
  if ! (CI=true bash -c "$c") > "$clone/.last.log" 2>&1; then
    tail -20 "$clone/.last.log"
    echo "readme-quick-commands: FAILED: $c"
    exit 1
  fi
  echo "  ok ($((SECONDS - start)) s)"
done
echo "readme-quick-commands: all ${#commands[@]} README commands ran as written from a fresh clone"
