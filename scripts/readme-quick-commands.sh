#!/usr/bin/env bash
# The README's commands, run exactly as written and in order, in a fresh clone of this repository,
# then the commands of docs/ (short ones run, long ones checked): a CI step of .ci/run. The commands
# are read from the pages themselves by scripts/doc-commands.mjs, so the pages cannot drift from what
# CI runs. `npm link` installs into a temporary prefix (put first on PATH), never the machine's.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
clone=$(mktemp -d /tmp/rnnflow-readme-XXXXXX)
trap 'rm -rf "$clone"' EXIT
git clone -q "$repo" "$clone/rnnflow"
mkdir -p "$clone/prefix/bin"
cd "$clone/rnnflow"
export npm_config_prefix="$clone/prefix" PATH="$clone/prefix/bin:$PATH"
node scripts/doc-commands.mjs
