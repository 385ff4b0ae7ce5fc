#!/bin/sh
# Mutation testing with StrykerJS (npm run test:mutation [-- --mutate "src/parsers/**/*.ts"]).
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
echo "mutation: $("$NODE" --version), stryker.config.json"
exec "$NODE" node_modules/@stryker-mutator/core/bin/stryker.js run "$@"
