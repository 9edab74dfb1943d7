#!/usr/bin/env bash
# Configures and builds uniqlink in ./build (or $UNIQLINK_BUILD_DIR) against
# LLVM $UNIQLINK_LLVM_VERSION (default 19), installing packages first. Extra
# CMake arguments: $UNIQLINK_CMAKE_ARGS; build only some targets: arguments.
set -euo pipefail
cd "$(dirname "$0")/.."
V="${UNIQLINK_LLVM_VERSION:-19}"
B="${UNIQLINK_BUILD_DIR:-build}"
say() { echo "uniqlink: $*" >&2; }
say "checking packages (LLVM $V; apt-get runs only if something is missing)"
./utils/install-deps.sh
say "configuring $B (cmake, LLVM $V, Release)"
# shellcheck disable=SC2086
cmake -S . -B "$B" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DUNIQLINK_LLVM_VERSION="$V" ${UNIQLINK_CMAKE_ARGS:-} >/dev/null
say "building with ninja on $(nproc) cores (a first build takes a few minutes)"
if [ "$#" -ne 0 ]; then
  cmake --build "$B" -j"$(nproc)" --target "$@"
else
  cmake --build "$B" -j"$(nproc)"
fi
