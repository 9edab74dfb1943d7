#!/usr/bin/env bash
# check_exports.sh LIBRARY: libuniqlink-c-standalone.so exports nothing but
# the C API (uniqlink* functions) and needs no libLLVM; anything else it
# exported could bind to, or be bound by, another LLVM in the process.
set -euo pipefail
lib=$1
others=$(nm -D --defined-only "$lib" | awk '{print $NF}' | grep -v '^uniqlink' || true)
if [ -n "$others" ]; then
  echo "exports other than uniqlink*:"; echo "$others" | head -20; exit 1
fi
count=$(nm -D --defined-only "$lib" | grep -c ' uniqlink')
if [ "$count" -lt 10 ]; then
  echo "only $count uniqlink* exports"; exit 1
fi
if readelf -d "$lib" | grep NEEDED | grep -i llvm; then
  echo "needs a libLLVM"; exit 1
fi
echo "ok: $count exports, all uniqlink*; no libLLVM needed"
