#!/bin/sh
# Mutation testing with StrykerJS.
#   npm run test:mutation -- parsers        one folder of src/ (its own incremental file)
#   npm run test:mutation -- --mutate "src/parsers/**/*.ts"   any StrykerJS arguments
# StrykerJS 10 needs Node >= 22: use the machine's Node when it is new enough, otherwise the
# Node 22 of the runtime smoke suite (npm ci --prefix test/runtimes/node22).
set -eu
cd "$(dirname "$0")/.."
NODE=node
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 22 ]; then
  NODE=test/runtimes/node22/node_modules/.bin/node
  if [ ! -x "$NODE" ]; then
    echo "StrykerJS needs Node >= 22: run 'npm ci --prefix test/runtimes/node22' or use Node 22" >&2
    exit 1
  fi
fi
if [ $# -ge 1 ] && [ -d "src/$1" ]; then
  folder=$1; shift
  export TESSERA_MUTATE="$folder"
  set -- --mutate "src/$folder/**/*.ts" --incrementalFile "reports/mutation/$folder.incremental.json" "$@"
fi
echo "mutation: $("$NODE" --version), stryker.config.json $*"
"$NODE" node_modules/@stryker-mutator/core/bin/stryker.js run "$@"
if [ -n "${folder:-}" ]; then
  cp reports/mutation/mutation.json "reports/mutation/$folder.json"
  "$NODE" scripts/mutation-survivors.mjs "reports/mutation/$folder.json" | tail -n 3
fi
