#!/usr/bin/env bash
# Builds uniqlink and runs every benchmark (tools/uniqlink-bench/bench.py):
# the pass next to -O2 and the structural hash, scaling to 1M functions, the
# checker next to llvm-nm, LLJIT, and code size on googletest's tests.
#
#   ./utils/bench.sh           full run; writes docs/benchmarks.md and
#                              docs/scaling.svg (~8 min on 2 idle cores, after the build)
#   ./utils/bench.sh --quick   tiny inputs, results under /tmp only: checks
#                              that every benchmark still runs (CI smoke)
#
# Other arguments go to bench.py (--only=GROUPS, --reps=N, --work=DIR, ...).
# Environment: UNIQLINK_BUILD_DIR (default build), UNIQLINK_LLVM_VERSION.
set -euo pipefail
cd "$(dirname "$0")/.."
V="${UNIQLINK_LLVM_VERSION:-19}"
B="${UNIQLINK_BUILD_DIR:-build}"

quick=0
for arg in "$@"; do
  [ "$arg" = "--quick" ] && quick=1
done

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  ./utils/install-deps.sh
  # What only the benchmarks need: Google Benchmark and googletest's sources.
  missing=()
  for p in libbenchmark-dev googletest; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
      missing+=("$p")
  done
  if [ "${#missing[@]}" -ne 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${missing[@]}"
  fi
fi

cmake -S . -B "$B" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DUNIQLINK_LLVM_VERSION="$V" >/dev/null
cmake --build "$B" -j"$(nproc)" --target uniqlink-bench uniqlink-check \
  uniqlink-jit UniqueLinkoncePlugin

if [ "$quick" = 1 ]; then
  exec python3 tools/uniqlink-bench/bench.py --build "$B" --llvm "$V" "$@"
fi
exec python3 tools/uniqlink-bench/bench.py --build "$B" --llvm "$V" \
  --out docs/benchmarks.md --svg docs/scaling.svg "$@"
