#!/usr/bin/env bash
# Installs the Debian 12 packages uniqlink needs to build and test against one
# LLVM major (default 19). Idempotent: it skips apt when everything is present.
set -euo pipefail
V="${UNIQLINK_LLVM_VERSION:-19}"
PKGS=(cmake ninja-build python3 python3-numba python3-pytest python3-pip python3-venv
      python3-setuptools python3-wheel ccache libgtest-dev libbenchmark-dev
      "llvm-$V-dev" "clang-$V"
      "llvm-$V-tools" "lld-$V" libzstd-dev libedit-dev binutils)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
    missing+=("$p")
done
if [ "${#missing[@]}" -ne 0 ]; then
  echo "uniqlink: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}"
fi
