#!/usr/bin/env bash
# Builds and tests uniqlink against several LLVM majors and prints a table:
# version x (build, lit, unit, repro) pass/fail with the seconds each step
# took (docs/llvm-versions.md has the last full run).
#
#   ./utils/matrix.sh              # 14 15 16 19 22
#   ./utils/matrix.sh 19 22 14     # just these, in this order
#
# Each version gets its packages from utils/install-deps.sh, a build in
# build-matrix/<N> (or $UNIQLINK_MATRIX_DIR/<N>) and ctest runs: the lit
# suites (lit-*), the unit tests (unit-*) and test/repro (repro*). Logs are in
# that directory (install.log, configure.log, build.log, lit.log, unit.log,
# repro.log). Versions run one after another. Exits non-zero if any cell is
# not "pass".
set -uo pipefail
cd "$(dirname "$0")/.."

VERSIONS=("$@")
[ "${#VERSIONS[@]}" -eq 0 ] && VERSIONS=(14 15 16 19 22)
ROOT="${UNIQLINK_MATRIX_DIR:-build-matrix}"
JOBS="${UNIQLINK_JOBS:-$(nproc)}"
STEPS=(build lit unit repro)

declare -A CELL SECS
status=0

# step <version> <name> <log> <command...>: runs the command into the log
# and records "pass N"/"fail N" (N seconds) in CELL[<version>,<name>].
step() {
  local v="$1" name="$2" log="$3" t0 rc
  shift 3
  t0=$(date +%s)
  "$@" >"$log" 2>&1
  rc=$?
  if [ "$rc" -eq 0 ]; then
    CELL[$v,$name]="pass $(($(date +%s) - t0))"
  else
    CELL[$v,$name]="fail $(($(date +%s) - t0))"
    status=1
  fi
  return "$rc"
}

configure_and_build() {
  UNIQLINK_LLVM_VERSION="$1" ./utils/install-deps.sh >"$2/install.log" 2>&1 &&
    cmake -S . -B "$2" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DUNIQLINK_LLVM_VERSION="$1" >"$2/configure.log" 2>&1 &&
    cmake --build "$2" -j"$JOBS"
}

for V in "${VERSIONS[@]}"; do
  B="$ROOT/$V"
  mkdir -p "$B"
  start=$(date +%s)
  for s in "${STEPS[@]}"; do CELL[$V,$s]=-; done
  echo "== LLVM $V: installing, building in $B"
  if step "$V" build "$B/build.log" configure_and_build "$V" "$B"; then
    step "$V" lit "$B/lit.log" \
      ctest --test-dir "$B" --output-on-failure -j"$JOBS" -R '^lit-'
    step "$V" unit "$B/unit.log" \
      ctest --test-dir "$B" --output-on-failure -j"$JOBS" -R '^unit-'
    step "$V" repro "$B/repro.log" \
      ctest --test-dir "$B" --output-on-failure -R '^repro'
  else
    status=1
  fi
  SECS[$V]=$(($(date +%s) - start))
  line="  "
  for s in "${STEPS[@]}"; do line+=" $s ${CELL[$V,$s]},"; done
  echo "$line total ${SECS[$V]} s; logs in $B"
done

# Cells are "pass|fail <seconds>" ("-": not run, the build failed).
echo
row='| %-4s | %-10s | %-9s | %-9s | %-9s | %5s |\n'
# shellcheck disable=SC2059
printf "$row" LLVM "build (s)" "lit (s)" "unit (s)" "repro (s)" total
# shellcheck disable=SC2059
printf "$row" ---- ---------- --------- --------- --------- -----
for V in "${VERSIONS[@]}"; do
  # shellcheck disable=SC2059
  printf "$row" "$V" "${CELL[$V,build]}" "${CELL[$V,lit]}" \
    "${CELL[$V,unit]}" "${CELL[$V,repro]}" "${SECS[$V]}"
done
exit "$status"
