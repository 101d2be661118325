#!/bin/sh
# Benchmark input where every line has findings: the lines of IN (NDJSON, e.g. from
# gen_payloads) that cxone-diag does not pass, repeated until there are N of them.
#
#   examples/bench/failing_lines.sh target/big.ndjson 200000 > target/failing.ndjson
set -eu
IN=$1
N=$2
B=${CXONE_DIAG:-target/release/cxone-diag}
"$B" --color never --wide validate-payload "$IN" 2>/dev/null |
    sed -n 's/^\(FAIL\|WARN\)  payload [^ ]*:\([0-9][0-9]*\).*/\2/p' |
    awk -v n="$N" 'NR == FNR { want[$1] = 1; next }
        FNR in want { lines[k++] = $0 }
        END { for (i = 0; i < n && k > 0; i++) print lines[i % k] }' - "$IN"
