#!/usr/bin/env bash
# deb-system.sh PACKAGES PACKAGE LLVM_MAJOR PLUGIN_DIR PROJECT WORK
#
# Installs the Debian package PACKAGE (from the directory PACKAGES) into this
# system with apt-get, uses it as a user would (uniqlink-check --version,
# clang -fpass-plugin=PLUGIN_DIR/UniqueLinkoncePlugin.so, the consumer
# PROJECT built against /usr), removes it, and checks that none of its files
# is left. It changes /usr: run it only on a throwaway machine, as root
# (exit 77, "skipped", otherwise).
set -euo pipefail
packages=$1 package=$2 major=$3 plugin="$4/UniqueLinkoncePlugin.so"
project=$5 work=$6
if [ "$(id -u)" != 0 ]; then
  echo "deb-system: needs root; skipped"
  exit 77
fi
debs=("$packages/${package}"_*.deb)
deb=${debs[0]}
export DEBIAN_FRONTEND=noninteractive
rm -rf "$work" && mkdir -p "$work" && cd "$work"

installed=0
cleanup() { [ "$installed" = 0 ] || apt-get remove -y -qq "$package" || true; }
trap cleanup EXIT

echo "deb-system: apt-get install $deb"
apt-get install -y -qq "$deb"
installed=1
dpkg-query -L "$package" >files.txt

uniqlink-check --version | tee version.txt
grep -q "^uniqlink-check [0-9.]* (LLVM $major\." version.txt

# The documented clang invocation.
cat >inline.cpp <<'CPP'
inline long helper(long x) { return x * 3; }
long entry(long x) { return helper(x); }
CPP
"clang++-$major" -O0 -fplugin="$plugin" -fpass-plugin="$plugin" \
  -mllvm -unique-linkonce-mode=hash -c inline.cpp -o inline.o
nm inline.o | tee nm.txt
grep -q '_Z6helperl\.__ul\.[0-9]*$' nm.txt

# The consumer project finds uniqlink under /usr without any hint.
cmake -S "$project" -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build
ctest --test-dir build --output-on-failure

echo "deb-system: apt-get remove $package"
apt-get remove -y -qq "$package"
installed=0
if dpkg-query -W -f='${Status}\n' "$package" 2>/dev/null | grep -q installed; then
  echo "deb-system: $package is still installed"
  exit 1
fi
left=0
while read -r f; do
  if [ -f "$f" ] || [ -L "$f" ]; then
    echo "deb-system: left behind: $f"
    left=1
  fi
done <files.txt
[ "$left" = 0 ]
echo "deb-system: installed, used and removed $package"
