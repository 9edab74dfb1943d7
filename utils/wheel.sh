#!/usr/bin/env bash
# Builds the uniqlink wheel for pip users (numba, pytensor, PyMC), installing
# the Debian packages it needs first, and prints its path:
#   build/dist/uniqlink-<version>-py3-none-linux_x86_64.whl
# It bundles libuniqlink-c-standalone.so (LLVM $UNIQLINK_LLVM_VERSION, default
# 19, linked in statically), so it works beside whatever LLVM llvmlite links.
# Then: pip install <that wheel> and UNIQLINK_NUMBA=1 (docs/numba.md).
set -euo pipefail
cd "$(dirname "$0")/.."
V="${UNIQLINK_LLVM_VERSION:-19}"
B="${UNIQLINK_BUILD_DIR:-build}"
./utils/install-deps.sh
# shellcheck disable=SC2086
cmake -S . -B "$B" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DUNIQLINK_LLVM_VERSION="$V" ${UNIQLINK_CMAKE_ARGS:-} >/dev/null
cmake --build "$B" -j"$(nproc)" --target uniqlink-wheel >&2
ls "$B"/dist/uniqlink-*.whl
