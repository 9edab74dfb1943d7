#!/usr/bin/env bash
# Builds uniqlink and runs every test (lit suites and unit tests) via ctest.
# The last line printed is ctest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
./utils/build.sh
cd "${UNIQLINK_BUILD_DIR:-build}"
ctest --output-on-failure -j"$(nproc)"
