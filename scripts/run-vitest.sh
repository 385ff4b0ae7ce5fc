#!/usr/bin/env bash
# run-vitest.sh NPM_SCRIPT [vitest args…]: runs `npm run NPM_SCRIPT` with a JSON report and
# prints the plain "N passed, M failed" line CI sums. Exit status: vitest's, or 1 if no test ran.
set -uo pipefail
script=$1; shift
report=$(mktemp --suffix=.json)
if [ "$script" = test ]; then
  npm test -- --reporter=default --reporter=json --outputFile.json="$report" "$@"
else
  npm run --silent "$script" -- --reporter=default --reporter=json --outputFile.json="$report" "$@"
fi
status=$?
node "$(dirname "$0")/vitest-count.mjs" "$report"
count_status=$?
rm -f "$report"
[ "$status" -eq 0 ] && [ "$count_status" -eq 0 ]
