#!/usr/bin/env bash
# The uniqlink wheel as a pip user gets it (ctest numba-wheel):
#
#   wheel_venv.sh PYTHON WHEEL_DIR WORK_DIR TEST_DIR
#
# makes a fresh `PYTHON -m venv --system-site-packages` (Debian's numba 0.56 /
# llvmlite 0.39 on LLVM 14 come from the system), installs the wheel with pip
# (no index), forgets the build tree (no UNIQLINK_C_LIBRARY, no PYTHONPATH,
# cwd outside the source) and checks, with UNIQLINK_NUMBA=1 only:
#  1. the package uses the library bundled in the venv, self-contained;
#  2. `import numba` installs the guard (the .pth file);
#  3. the fork scenario of test_fork_cache.py gives every number right;
#  4. numba's own cache tests pass with the guard in every interpreter they
#     start, and the guard's reports ($UNIQLINK_NUMBA_REPORT) show it ran.
set -euo pipefail
PY=$1 WHEELS=$2 WORK=$3 TESTS=$4
NUMBA_TESTS=(numba.tests.test_caching numba.tests.test_parfors_caching
  numba.tests.npyufunc.test_caching
  numba.tests.test_extending.TestOverloadMethodCaching
  numba.tests.test_extending.TestCachingOverloadObjmode
  numba.tests.test_struct_ref.TestStructRefCaching
  numba.tests.test_withlifting.TestLiftObjCaching
  numba.tests.test_np_randomgen.TestGeneratorCaching
  numba.tests.test_compiler_flags.TestCompilerFlagCachedOverload)

rm -rf "$WORK"
mkdir -p "$WORK"
wheel=$(ls "$WHEELS"/uniqlink-*.whl)
echo "== venv + pip install $(basename "$wheel")"
"$PY" -m venv --system-site-packages "$WORK/venv"
VPY="$WORK/venv/bin/python"
"$VPY" -m pip install --no-index --no-deps -q "$wheel"
unset UNIQLINK_C_LIBRARY PYTHONPATH UNIQLINK_NUMBA_POLICY
export NUMBA_CACHE_DIR="$WORK/cache" PYTHONDONTWRITEBYTECODE=1
cd "$WORK"

echo "== 1. the bundled library"
"$VPY" - <<'PY'
import os, subprocess, sys
import uniqlink._capi as c
path = c._find_library()
assert path.startswith(sys.prefix + os.sep), path
needed = subprocess.run(["readelf", "-d", path], stdout=subprocess.PIPE,
                        universal_newlines=True, check=True).stdout
assert "libLLVM" not in needed, needed
print("  %s: %s" % (c.version(), path))
PY

echo "== 2. UNIQLINK_NUMBA=1 installs the guard at import numba"
UNIQLINK_NUMBA=1 "$VPY" -c \
  'import numba, uniqlink.numba as g; assert g.installed(); print("  installed,", g._state.ir_form)'

echo "== 3. the fork scenario, guard from the environment only"
cp -r "$TESTS/kernels_a" a
cp -r "$TESTS/kernels_b" b
export UNIQLINK_NUMBA=1
"$VPY" "$TESTS/scenario.py" "$WORK" fill >fill.json
"$VPY" "$TESTS/scenario.py" "$WORK" load >load.json
"$VPY" - fill.json load.json <<'PY'
import json, sys
fill, load = (json.load(open(p)) for p in sys.argv[1:])
assert fill["children"] == {"a": 0, "b": 0}, fill
wrong = [c for c in load["calls"] if c.get("value") != c["expected"]]
print("  %d calls, %d wrong" % (len(load["calls"]), len(wrong)))
assert not wrong, wrong
PY

echo "== 4. numba's cache tests, guard in every interpreter"
export UNIQLINK_NUMBA_REPORT="$WORK/report.jsonl"
rm -rf "$NUMBA_CACHE_DIR"
unset NUMBA_CACHE_DIR
start=$(date +%s)
"$VPY" -m numba.runtests "${NUMBA_TESTS[@]}" 2>&1 | tail -n 4
status=${PIPESTATUS[0]}
echo "  ($(($(date +%s) - start)) s)"
[ "$status" -eq 0 ] || { echo "numba's cache tests failed"; exit 1; }
"$VPY" - "$UNIQLINK_NUMBA_REPORT" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
guarded = [l for l in lines if l["installed"]]
total = lambda k: sum(l.get(k, 0) for l in guarded)
print("  %d interpreters reported, %d guarded: %d modules renamed, %d "
      "objects admitted from caches, %d compiled, %d recompiled, %d "
      "unrenamed" % (len(lines), len(guarded), total("modules renamed"),
                     total("admitted from cache"), total("admitted compiled"),
                     total("recompiled"), total("unrenamed modules")))
assert len(guarded) == len(lines) and len(lines) > 10, lines[:3]
assert total("modules renamed") > 0 and total("admitted from cache") > 0
assert total("unrenamed modules") == 0
PY
echo "numba-wheel: ok"
