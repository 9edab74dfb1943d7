#!/usr/bin/env bash
# Builds uniqlink (installing what it needs) and runs the demo: forked JIT
# processes fill an on-disk cache with same-name/different-body helpers, and
# a fresh process loads them plain (wrong results), checked (rejected) and
# renamed by unique-linkonce (right results).
set -euo pipefail
cd "$(dirname "$0")/.."
./utils/build.sh >/dev/null
B="${UNIQLINK_BUILD_DIR:-build}"
if [ -x "$B/bin/uniqlink-jit" ]; then
  exec "$B/bin/uniqlink-jit" "$@"
fi
# Until the JIT demo is built: the same failure and cure with opt/llvm-link/lli.
V="${UNIQLINK_LLVM_VERSION:-19}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
PATH="/usr/lib/llvm-$V/bin:$PATH"
split-file test/Pass/collision-link.test "$T"
llvm-link "$T/a.ll" "$T/b.ll" "$T/main.ll" -o "$T/plain.bc"
echo "plain (expected a=1110 b=1055):  $(lli "$T/plain.bc")"
for m in a b; do
  opt -load-pass-plugin="$B/lib/UniqueLinkoncePlugin.so" \
    -passes='unique-linkonce<mode=hash>' "$T/$m.ll" -o "$T/$m.u.bc"
done
llvm-link "$T/a.u.bc" "$T/b.u.bc" "$T/main.ll" -o "$T/unique.bc"
echo "unique (expected a=1110 b=1055): $(lli "$T/unique.bc")"
