"""uniqlink.numba in this process: install, the rename map, lookups by the
old name, the shared-LLVM check and the registry's verdicts."""

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


def run(code, **env):
    full_env = dict(os.environ, PYTHONPATH=PYTHON_DIR,
                    PYTHONDONTWRITEBYTECODE="1", **env)
    return subprocess.run([sys.executable, "-c", code], env=full_env,
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
