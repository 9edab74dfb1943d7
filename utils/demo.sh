#!/usr/bin/env bash
# Builds uniqlink (installing what it needs) and runs the demo, uniqlink-jit:
# forked JIT processes fill an on-disk cache with same-name/different-body
# linkonce_odr helpers, and a fresh process loads them three ways: plain
# (wrong results, no error), check (colliding objects rejected) and unique
# (renamed by unique-linkonce: every result right). Arguments go to
# uniqlink-jit (see --help).
set -euo pipefail
cd "$(dirname "$0")/.."
# Progress (packages, configure, ninja's [n/N] lines) goes to stderr, so the
# demo's own output on stdout stays what the README shows.
./utils/build.sh uniqlink-jit >&2
echo "uniqlink: running the demo" >&2
exec "${UNIQLINK_BUILD_DIR:-build}/bin/uniqlink-jit" "$@"
