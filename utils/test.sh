#!/usr/bin/env bash
# Builds uniqlink and runs every test via ctest: the lit suites, the unit
# tests, and, as ctest tests of their own, whole builds + suites against the
# other LLVM majors in $UNIQLINK_TEST_LLVM_VERSIONS (default "14 15 16 22":
# every major the README names besides 19; set it empty to skip them), an
# ASan+UBSan build with short fuzz runs (UNIQLINK_TEST_SANITIZERS=OFF skips
# it) and googletest built with the plugin in every mode
# (UNIQLINK_TEST_REAL=OFF skips it). The last line printed is ctest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
OTHERS="${UNIQLINK_TEST_LLVM_VERSIONS-14 15 16 22}"
echo "uniqlink: [1/3] packages for the other LLVM majors (${OTHERS:-none})"
for V in $OTHERS; do
  UNIQLINK_LLVM_VERSION="$V" ./utils/install-deps.sh
done
export UNIQLINK_CMAKE_ARGS="${UNIQLINK_CMAKE_ARGS:-} -DUNIQLINK_TEST_LLVM_VERSIONS=${OTHERS// /;} \
  -DUNIQLINK_TEST_SANITIZERS=${UNIQLINK_TEST_SANITIZERS:-ON} -DUNIQLINK_FUZZ_SECONDS=30 \
  -DUNIQLINK_TEST_REAL=${UNIQLINK_TEST_REAL:-ON}"
start=$(date +%s)
echo "uniqlink: [2/3] packages and build (LLVM ${UNIQLINK_LLVM_VERSION:-19})"
./utils/build.sh
echo "uniqlink: [3/3] install + build took $(($(date +%s) - start)) s; running ctest" \
     "(its 'Total Test time' is the rest)"
cd "${UNIQLINK_BUILD_DIR:-build}"
ctest --output-on-failure -j"$(nproc)"
