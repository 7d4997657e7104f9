#!/usr/bin/env bash
# The project outside its clone, as a user installs it: `npm pack` the checkout, install the tarball
# into a temporary prefix (its dependencies from the npm registry or npm's cache, nothing else), and
# from an unrelated empty folder run `rnnflow exp` on a CSV of the user's own and `rnnflow predict`
# with the run it made, plus `rnnflow validate` of a shipped experiment (its data found in the
# package). Typed as `rnnflow` on PATH: never `npx rnnflow`, which could fetch a stranger's package.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d /tmp/rnnflow-install-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/pack" "$tmp/prefix" "$tmp/elsewhere"
# The checkout's own build (.ci/run has just made it with npm ci); pack's `prepare` would rebuild it.
[ -f "$repo/dist/src/app/cli.js" ] || { echo "install-check: build first (npm ci, or npm run build)"; exit 1; }
tarball=$(cd "$repo" && npm pack --silent --ignore-scripts --pack-destination "$tmp/pack" | tail -1)
# The tarball holds dist/ already: no install script needs to run (npm says so; the log shows it on failure).
npm install -g --prefix "$tmp/prefix" --no-audit --no-fund --prefer-offline "$tmp/pack/$tarball" >"$tmp/install.log" 2>&1 \
  || { cat "$tmp/install.log"; echo "install-check: npm install of the tarball failed"; exit 1; }
export PATH="$tmp/prefix/bin:$PATH"
pkg="$tmp/prefix/lib/node_modules/rnnflow"
cd "$tmp/elsewhere"
[ "$(command -v rnnflow)" = "$tmp/prefix/bin/rnnflow" ] || { echo "install-check: rnnflow is not the installed tarball's"; exit 1; }
# A series of the user's own: load follows temp with a lag, so a net can learn it.
node -e 'let s="t,temp,load\n";for(let i=0;i<400;i++){const temp=10+8*Math.sin(i/12);s+=`${i},${temp.toFixed(3)},${(50+2*temp+3*Math.sin(i/5)).toFixed(3)}\n`;}require("fs").writeFileSync("power.csv",s)'
cat > power.json5 <<'JSON5'
{
  name: 'power', seed: 1,
  data: { name: 'csv', file: 'power.csv', features: ['temp', 'load'], target: 'load', timesteps: 6 },
  model: { netType: 'regression', hiddenSize: 4 },
  train: { optimizer: 'adam', eta: 0.01, batchSize: 16, maxEpochs: 3 },
}
JSON5
rnnflow validate "$pkg/experiments/pm25.json5"
rnnflow exp power.json5 --out power-run --plain >exp.log || { tail -20 exp.log; exit 1; }
rnnflow predict power-run --input power.csv --out forecast.csv
[ -s forecast.csv ] && [ -f power-run/summary.json ] || { echo "install-check: no forecast or no summary"; exit 1; }
[ ! -e "$pkg/runs" ] || { echo "install-check: the run wrote into the installed package ($pkg/runs)"; exit 1; }
echo "install-check: npm pack → $tarball installed in a temporary prefix; rnnflow validate, exp and predict ran from $tmp/elsewhere"
