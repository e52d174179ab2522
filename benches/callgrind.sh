#!/usr/bin/env bash
# Instructions per call of each operation on each text, with callgrind:
# the run with 11 calls minus the run with 1, divided by 10.
#   benches/callgrind.sh [OP...]      (default: floor validate parse check json)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p ogi-report-benches --bench instructions
bin=$(ls -t target/release/deps/instructions-* | grep -v '\.d$' | head -1)
ops=("$@")
[ ${#ops[@]} -eq 0 ] && ops=(floor validate parse check json)
samples=(tabs/shizuishan-2023 pdftotext-raw/huaian-2024 pdftotext-layout/huaian-2024
  glued/pingtan-2024 tabs/generated html/generated tabs/synthetic-10kb tabs/synthetic-10kb-faulty)
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" "$3" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
printf '%-10s %-30s %12s\n' op text instructions
for op in "${ops[@]}"; do
  for s in "${samples[@]}"; do
    one=$(count "$op" "$s" 1)
    eleven=$(count "$op" "$s" 11)
    printf '%-10s %-30s %12d\n' "$op" "$s" $(((eleven - one) / 10))
  done
done
