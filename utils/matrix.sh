#!/usr/bin/env bash
# Builds and tests uniqlink against several LLVM majors and prints a table:
# version x (build, lit, unit) pass/fail and the seconds each version took.
#
#   ./utils/matrix.sh              # 14 15 16 19 22
#   ./utils/matrix.sh 19 22 14     # just these, in this order
#
# Each version gets its packages from utils/install-deps.sh, a build in
# build-matrix/<N> (or $UNIQLINK_MATRIX_DIR/<N>) and a ctest run; logs are in
# that directory (configure.log, build.log, lit.log, unit.log). Versions run
# one after another. Exits non-zero if any cell is not "pass".
set -uo pipefail
cd "$(dirname "$0")/.."

VERSIONS=("$@")
[ "${#VERSIONS[@]}" -eq 0 ] && VERSIONS=(14 15 16 19 22)
ROOT="${UNIQLINK_MATRIX_DIR:-build-matrix}"
JOBS="${UNIQLINK_JOBS:-$(nproc)}"

declare -A BUILD LIT UNIT SECS
status=0

for V in "${VERSIONS[@]}"; do
  B="$ROOT/$V"
  mkdir -p "$B"
  start=$(date +%s)
  BUILD[$V]=fail LIT[$V]=- UNIT[$V]=-
  echo "== LLVM $V: installing, building in $B"
  if UNIQLINK_LLVM_VERSION="$V" ./utils/install-deps.sh >"$B/install.log" 2>&1 &&
     cmake -S . -B "$B" -G Ninja -DCMAKE_BUILD_TYPE=Release \
       -DUNIQLINK_LLVM_VERSION="$V" >"$B/configure.log" 2>&1 &&
     cmake --build "$B" -j"$JOBS" >"$B/build.log" 2>&1; then
    BUILD[$V]=pass
    # Every lit suite is a ctest test named lit-<area>, every gtest binary
    # unit-<name>.
    if (cd "$B" && ctest --output-on-failure -j"$JOBS" -R '^lit-') \
         >"$B/lit.log" 2>&1; then
      LIT[$V]=pass
    else
      LIT[$V]=fail
    fi
    if (cd "$B" && ctest --output-on-failure -j"$JOBS" -R '^unit-') \
         >"$B/unit.log" 2>&1; then
      UNIT[$V]=pass
    else
      UNIT[$V]=fail
    fi
  fi
  SECS[$V]=$(($(date +%s) - start))
  for cell in "${BUILD[$V]}" "${LIT[$V]}" "${UNIT[$V]}"; do
    [ "$cell" = pass ] || status=1
  done
  echo "   build ${BUILD[$V]}, lit ${LIT[$V]}, unit ${UNIT[$V]}" \
       "(${SECS[$V]} s; logs in $B)"
done

echo
printf '| %-4s | %-5s | %-4s | %-4s | %7s |\n' LLVM build lit unit seconds
printf '| %-4s | %-5s | %-4s | %-4s | %7s |\n' ---- ----- ---- ---- -------
for V in "${VERSIONS[@]}"; do
  printf '| %-4s | %-5s | %-4s | %-4s | %7s |\n' "$V" "${BUILD[$V]}" \
    "${LIT[$V]}" "${UNIT[$V]}" "${SECS[$V]}"
done
exit "$status"
