#!/usr/bin/env bash
# The long fuzz run (docs/robustness.md): builds the libFuzzer targets with
# clang, ASan and UBSan in build-fuzz/ and runs each for SECONDS (default
# 600), from the checked-in seeds and regressions plus a corpus kept in
# build-fuzz/corpus-<target>. A crash leaves build-fuzz/crash-<target>-*;
# fix it, then add the input to test/fuzz/regressions/<target>/.
#   usage: utils/fuzz.sh [SECONDS] [TARGET...]   (targets: object params)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=${*:-object params}
build=${UNIQLINK_FUZZ_BUILD_DIR:-build-fuzz}
v=${UNIQLINK_LLVM_VERSION:-19}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DUNIQLINK_LLVM_VERSION="$v" -DCMAKE_CXX_COMPILER="clang++-$v" \
  -DCMAKE_C_COMPILER="clang-$v" -DUNIQLINK_SANITIZER=Address,Undefined \
  -DUNIQLINK_BUILD_FUZZERS=ON -DUNIQLINK_SUBBUILDS=OFF >/dev/null
status=0
for t in $targets; do
  cmake --build "$build" --target "uniqlink-fuzz-$t" -j"$(nproc)"
  mkdir -p "$build/corpus-$t"
  echo "== uniqlink-fuzz-$t: $seconds s"
  "$build/bin/uniqlink-fuzz-$t" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$build/crash-$t-" "$build/corpus-$t" \
    "test/fuzz/seeds/$t" "test/fuzz/regressions/$t" 2>&1 |
    grep -E "^(stat::|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Done)" ||
    status=1
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done
exit $status
