"""uniqlink.numba in one process: install, the rename map, lookups by the
old name, the registry's verdicts, reading llvmlite's IR with another LLVM
(bitcode and text, and what happens when it cannot), the process-unique
function ids and the guard's report."""

import json
import os
import subprocess
import sys

from conftest import PYTHON_DIR

CHECKS = r"""
import warnings
import numba
from numba import njit
import uniqlink.numba as guard
from uniqlink import _capi

assert guard.install() is True and guard.install() is False
assert guard.installed()

@njit
def inner(n):
    return n if n < 2 else inner(n - 1) + inner(n - 2)

@njit
def outer(n):
    return inner(n) * 2

assert outer(10) == 110
lib = outer.overloads[outer.signatures[0]].library
renames = lib._uniqlink_renames
inner_name = inner.overloads[inner.signatures[0]].fndesc.mangled_name
assert inner_name in renames, renames
new = renames[inner_name]
assert new.startswith(inner_name + ".__ul."), new
# numba's lookups by the old name reach the renamed definition.
assert lib.get_function(inner_name).name == new
assert lib.get_pointer_to_function(inner_name) != 0
assert guard.stats()["symbols renamed"] >= 1

# The registry refuses a different body under a loaded name.
reg = _capi.Registry()
obj = lib._codegen._tm.emit_object(lib._final_module)
status, handle, _ = reg.admit("first", obj)
assert status == _capi.ACCEPTED and handle
assert reg.admit("same", obj)[0] == _capi.ACCEPTED
status, _, msg = reg.admit("junk", b"not an object")
assert status == _capi.ERROR and msg

guard.uninstall()
assert not guard.installed()
@njit
def after(n):
    return inner(n) + 1
assert after(10) == 56
lib2 = after.overloads[after.signatures[0]].library
assert not getattr(lib2, "_uniqlink_renames", None)
print("ok")
"""


def run(code, args=(), **env):
    full_env = dict(os.environ, PYTHONPATH=PYTHON_DIR,
                    PYTHONDONTWRITEBYTECODE="1", **env)
    return subprocess.run([sys.executable, "-c", code] + list(args),
                          env=full_env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=300)


def test_install_rename_map_and_lookups():
    proc = run(CHECKS)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"


def test_unknown_policy_is_an_error():
    proc = run("import uniqlink.numba as g\ng.install('sometimes')")
    assert proc.returncode != 0
    assert "unknown policy 'sometimes'" in proc.stderr


def test_missing_library_is_a_clear_error():
    proc = run("import uniqlink.numba as g\ng.install()",
               UNIQLINK_C_LIBRARY="/nonexistent/libuniqlink-c.so")
    assert proc.returncode != 0
    assert "cannot load /nonexistent/libuniqlink-c.so" in proc.stderr


def test_unsupported_numba_is_a_clear_error():
    proc = run("from numba.core import caching\n"
               "del caching.IndexDataCacheFile._load_data\n"
               "import uniqlink.numba as g\n"
               "try:\n"
               "    g.install()\n"
               "except g.UniqlinkError as e:\n"
               "    print(e)\n"
               "assert not g.installed()\n")
    assert proc.returncode == 0, proc.stderr
    assert "is not supported (no IndexDataCacheFile._load_data)" in \
        proc.stdout


SKEW = r"""
import warnings
import llvmlite.binding as llvm
import numba
from numba import njit
import uniqlink.numba as guard
from uniqlink import _capi

# llvmlite's module, read by libuniqlink-c's own LLVM as bitcode and as
# text: the same names either way (names depend on the IR, not the form).
llvm.initialize()
m = llvm.parse_assembly(guard._PROBE_IR)
by_bitcode = _capi.plan_renames(m.as_bitcode(), guard.RENAME_OPTIONS)
by_text = _capi.plan_renames(str(m), guard.RENAME_OPTIONS)
assert list(by_bitcode) == ["uniqlink_probe"], by_bitcode
assert by_bitcode == by_text, (by_bitcode, by_text)
# Nothing of llvmlite's module changed.
assert m.get_function("uniqlink_probe").name == "uniqlink_probe"
for junk in (b"BC\xc0\xde" + b"\x00" * 64, "define i32 @f( {"):
    try:
        _capi.plan_renames(junk)
        raise AssertionError("read junk")
    except _capi.UniqlinkError as e:
        assert "with LLVM " + _capi.llvm_version() in str(e), e
print("ok")
"""


def test_llvmlite_ir_read_by_our_llvm_as_bitcode_and_text():
    proc = run(SKEW)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"


# libuniqlink-c as if it could read none of llvmlite's IR (a newer LLVM than
# its own): plan_renames fails on everything.
UNREADABLE = r"""
import sys, warnings
import numba
from numba import njit
import uniqlink.numba as guard
from uniqlink import _capi

def unreadable(data, options="mode=hash"):
    raise _capi.UniqlinkError(
        "uniqlink: cannot read the module's bitcode with LLVM 1.0: too new")
_capi.plan_renames = unreadable
policy = sys.argv[1]
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    try:
        guard.install(policy)
    except guard.UniqlinkError as e:
        print("raised:", e)
        assert not guard.installed()
        raise SystemExit(0)

    @njit
    def inner(n):
        return n if n < 2 else inner(n - 1) + inner(n - 2)

    @njit
    def outer(n):
        return inner(n) * 2

    assert outer(10) == 110
    @njit
    def other(n):
        return inner(n) + 1
    assert other(10) == 56
ours = [w for w in caught if issubclass(w.category, guard.GuardWarning)]
assert len(ours) == 1, [str(w.message) for w in caught]
print("warned:", ours[0].message)
s = guard.stats()
assert guard.installed() and guard._state.ir_form is None
assert s.get("symbols renamed", 0) == 0 and s["unrenamed modules"] >= 2, s
assert s["admitted compiled"] >= 2, s  # objects are still checked
"""


def test_unreadable_ir_warns_once_and_still_checks_objects():

    proc = run(UNREADABLE, args=["recompile"])
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.startswith("warned: ")
    # Both LLVMs are named, and what is not protected.
    assert "cannot read the IR of llvmlite's LLVM 14." in out, out
    assert "libuniqlink-c (LLVM " in out
    assert "names are NOT made unique" in out
    assert "Objects loaded from the cache are still checked" in out


def test_unreadable_ir_under_error_policy_raises():
    proc = run(UNREADABLE, args=["error"])
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("raised: uniqlink: libuniqlink-c (LLVM ")
    assert "llvmlite's LLVM 14." in proc.stdout


def test_autoload_error_policy_makes_import_numba_fail():
    # UNIQLINK_NUMBA=error promises no unguarded process: a guard that
    # cannot be installed makes `import numba` raise (and =1 only warns).
    pth_code = "import uniqlink._autoload\nimport numba\nprint('imported')"
    env = dict(UNIQLINK_C_LIBRARY="/nonexistent/libuniqlink-c.so")
    failed = run(pth_code, UNIQLINK_NUMBA="error", **env)
    assert failed.returncode != 0 and "imported" not in failed.stdout
    assert "cannot load /nonexistent/libuniqlink-c.so" in failed.stderr
    warned = run(pth_code, UNIQLINK_NUMBA="1", **env)
    assert warned.returncode == 0 and "imported" in warned.stdout
    assert "the numba guard is NOT installed" in warned.stderr


IDS = r"""
import json, os
import numba
from numba.core import bytecode
import uniqlink.numba as guard
guard.install()
mine = next(bytecode.FunctionIdentity._unique_ids)
r, w = os.pipe()
if os.fork() == 0:
    os.write(w, str(next(bytecode.FunctionIdentity._unique_ids)).encode())
    os._exit(0)
os.wait()
child = int(os.read(r, 64))
print(json.dumps([mine, child]))
"""


def test_function_ids_differ_between_processes_and_forked_children():
    runs = []
    for _ in range(2):
        proc = run(IDS)
        assert proc.returncode == 0, proc.stderr
        runs.append(json.loads(proc.stdout))
    ids = [i for pair in runs for i in pair]
    # numba alone starts every process at 1 and a child where its parent
    # was: all four would be small and pairwise equal in each run.
    assert len(set(ids)) == 4, runs
    assert all(i > 1000 for i in ids), runs


def test_report_file_records_each_guarded_interpreter(tmp_path):
    report = tmp_path / "report.jsonl"
    code = ("import numba, uniqlink.numba as g\ng.install()\n"
            "numba.njit(lambda x: x + 1)(1)\n")
    for _ in range(2):
        proc = run(code, UNIQLINK_NUMBA_REPORT=str(report))
        assert proc.returncode == 0, proc.stderr
    lines = [json.loads(l) for l in report.read_text().splitlines()]
    assert len(lines) == 2 and lines[0]["pid"] != lines[1]["pid"]
    assert all(l["installed"] and l["ir_form"] == "bitcode" for l in lines)
    assert all(l["modules renamed"] >= 1 for l in lines)
