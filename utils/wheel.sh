#!/usr/bin/env bash
# Builds the uniqlink wheel for pip users (numba, pytensor, PyMC), installing
# the Debian packages it needs first, and prints its path:
#   build/dist/uniqlink-<version>-py3-none-linux_x86_64.whl
# It bundles libuniqlink-c-standalone.so (LLVM $UNIQLINK_LLVM_VERSION, default
# 19, linked in statically), so it works beside whatever LLVM llvmlite links.
# Then: pip install <that wheel> and UNIQLINK_NUMBA=1 (docs/numba.md).
set -euo pipefail
cd "$(dirname "$0")/.."
./utils/build.sh uniqlink-wheel >&2
ls "${UNIQLINK_BUILD_DIR:-build}"/dist/uniqlink-*.whl
