#!/usr/bin/env bash
# Instructions per tiny op through the whole stack, counted by valgrind's cachegrind (no cache model)
# with V8 on one thread in its predictable mode, no memory reducer. Three counts of one build here,
# one at a time, spread over 6 % (15,932 to 16,947: the garbage collector's heuristics still depend on
# time), where wall time on this shared host varied by 20-40 %; two counts at once spread wider. It
# counts the chain program at 5 and 15 chains of 20,000 ops and prints the difference per op, so
# start-up and compilation cancel.
# Instructions are not time (cache misses and page faults are not counted): use it to compare two
# builds of the op path, and `npm run bench -- frontend` for rates against TensorFlow.js.
# usage: npm run build && scripts/instructions-per-op.sh [CPU|GPU|Ascend] [PYNATIVE_MODE|GRAPH_MODE] ['{"record":0}']
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind > /dev/null || { echo "valgrind is needed (Debian: apt-get install valgrind)" >&2; exit 2; }
[ -f dist/src/index.js ] || { echo "build first: npm run build" >&2; exit 2; }
count() {
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
    node --single-threaded --predictable --no-memory-reducer scripts/op-chain.mjs "$1" "${@:2}" 2>&1 | awk '/I *refs/ { gsub(",", "", $NF); print $NF }'
}
short=$(count 5 "$@")
long=$(count 15 "$@")
echo "$(( (long - short) / 200000 )) instructions per op (${1:-CPU} ${2:-PYNATIVE_MODE} ${3:-default context})"
