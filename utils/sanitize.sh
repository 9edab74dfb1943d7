#!/usr/bin/env bash
# The sanitizer runs (docs/robustness.md), one command each:
#   utils/sanitize.sh [address]  clang, ASan+UBSan (+ fuzzers): build
#                                build-asan/ and run its whole ctest suite
#                                (lit with the runtime preloaded, unit
#                                tests, short fuzz runs);
#   utils/sanitize.sh thread     clang, TSan: build build-tsan/ and run the
#                                registry and ORC unit tests (the rest would
#                                report inside the uninstrumented libLLVM).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-address}
v=${UNIQLINK_LLVM_VERSION:-19}
common=(-G Ninja -DCMAKE_BUILD_TYPE=Release -DUNIQLINK_LLVM_VERSION="$v"
        -DCMAKE_CXX_COMPILER="clang++-$v" -DCMAKE_C_COMPILER="clang-$v"
        -DUNIQLINK_SUBBUILDS=OFF)
case "$mode" in
address)
  cmake -S . -B build-asan "${common[@]}" \
    -DUNIQLINK_SANITIZER=Address,Undefined -DUNIQLINK_BUILD_FUZZERS=ON
  cmake --build build-asan -j"$(nproc)"
  ctest --test-dir build-asan --output-on-failure -j"$(nproc)"
  ;;
thread)
  cmake -S . -B build-tsan "${common[@]}" -DUNIQLINK_SANITIZER=Thread
  cmake --build build-tsan -j"$(nproc)" \
    --target CheckTests RegistryStressTests ORCTests
  # report_mutex_bugs=0: ORC's session mutex is locked inside the
  # uninstrumented libLLVM and unlocked in our inlined copy of
  # runSessionLocked, which TSan calls "unlock of an unlocked mutex". Data
  # races are still reported.
  TSAN_OPTIONS="halt_on_error=1 report_mutex_bugs=0 second_deadlock_stack=1 suppressions=$PWD/test/robust/tsan.supp" \
    ctest --test-dir build-tsan --output-on-failure \
    -R '^unit-(CheckTests|RegistryStressTests|ORCTests)$'
  ;;
*)
  echo "usage: $0 [address|thread]" >&2
  exit 2
  ;;
esac
