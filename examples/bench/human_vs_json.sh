#!/bin/sh
# Instructions of `validate-payload` with human output against JSON output on the same input,
# counted by callgrind (steady on a shared machine, unlike wall time), and the overhead.
#
#   examples/bench/human_vs_json.sh target/failing-20k.ndjson
#   CXONE_DIAG=/path/to/other/cxone-diag examples/bench/human_vs_json.sh target/big-20k.ndjson
set -eu
IN=$1
B=${CXONE_DIAG:-target/release/cxone-diag}
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$B" validate-payload --output "$1" "$IN" 2>&1 >/dev/null |
        sed -n 's/.*I *refs: *//p' | tr -d ,
}
J=$(count json)
H=$(count human)
awk -v j="$J" -v h="$H" -v f="$IN" 'BEGIN { printf "%s: json %d, human %d instructions (%+.1f%%)\n", f, j, h, (h - j) * 100 / j }'
