"""Shared fixtures of the numba guard tests (test/numba).

Every numba run is a subprocess of this interpreter with its own
NUMBA_CACHE_DIR under pytest's tmp_path, so nothing is written into the source
tree and no test sees another's cache. UNIQLINK_C_LIBRARY names the
libuniqlink-c-standalone.so under test (ctest sets it); it may be built
against any LLVM, not only llvmlite's.
"""

import json
import os
import shutil
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_DIR = os.path.join(os.path.dirname(os.path.dirname(HERE)), "python")
sys.path.insert(0, PYTHON_DIR)

if not os.environ.get("UNIQLINK_C_LIBRARY"):
    pytest.exit("set UNIQLINK_C_LIBRARY to the path of "
                "libuniqlink-c-standalone.so", returncode=2)


class Runner(object):
    """Runs the scripts of this directory on one work directory."""

    def __init__(self, workdir):
        self.workdir = str(workdir)
        self.env = dict(os.environ)
        for var in ("UNIQLINK_NUMBA", "UNIQLINK_NUMBA_POLICY"):
            self.env.pop(var, None)
        self.env["NUMBA_CACHE_DIR"] = os.path.join(self.workdir, "cache")
        self.env["PYTHONDONTWRITEBYTECODE"] = "1"
        self.env["PYTHONPATH"] = os.pathsep.join(
            p for p in (PYTHON_DIR, os.environ.get("PYTHONPATH")) if p)

    def run(self, script, *args, prelude=None, env=None):
        """Runs script (a path relative to this directory) and returns its
        JSON output. prelude is Python code run first in the same process."""
        path = os.path.join(HERE, script)
        if prelude is None:
            cmd = [sys.executable, path, self.workdir] + list(args)
        else:
            code = ("import runpy, sys\n%s\nsys.argv = %r\n"
                    "runpy.run_path(%r, run_name='__main__')\n" %
                    (prelude, [path, self.workdir] + list(args), path))
            cmd = [sys.executable, "-c", code]
        run_env = dict(self.env, **(env or {}))
        proc = subprocess.run(cmd, env=run_env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, universal_newlines=True,
                              timeout=300)
        if proc.returncode != 0:
            raise AssertionError("%s failed (%d):\n%s\n%s" %
                                 (" ".join(cmd), proc.returncode,
                                  proc.stdout, proc.stderr))
        return json.loads(proc.stdout)

    def scenario(self, mode, *args, **kwargs):
        return self.run("scenario.py", mode, *args, **kwargs)


@pytest.fixture
def fork_workdir(tmp_path):
    """A work directory with a/kernels.py and b/kernels.py."""
    for kernel in ("a", "b"):
        shutil.copytree(os.path.join(HERE, "kernels_" + kernel),
                        str(tmp_path / kernel))
    return Runner(tmp_path)


@pytest.fixture
def smoke_workdir(tmp_path):
    shutil.copy(os.path.join(HERE, "smoke", "smoke_kernels.py"),
                str(tmp_path))
    return Runner(tmp_path)


def report(title, result):
    """Prints what a load saw (pytest -s, or the log of a failed test)."""
    print("== %s" % title)
    for c in result.get("calls", []):
        if "graph" in c:  # pool_scenario.py
            got = c.get("value", c.get("error", "")[:120])
            print("  graph %d %s = %s (expected %s)" %
                  (c["graph"], c["fn"], got, c["expected"]))
            continue
        if "kernel" not in c:  # smoke.py
            print("  %s%s = %s ok=%s" % (c["fn"], tuple(c["args"]),
                                         c["value"], c["ok"]))
            continue
        got = c.get("value", c.get("error", "")[:120])
        print("  %s.%s(%s) = %s (expected %s)" %
              (c["kernel"], c["fn"], c["n"], got, c["expected"]))
    print("  cache hits/misses: %s" % result.get("caches"))
    if "guard" in result:
        print("  guard: %s" % result["guard"])
    for w in result.get("warnings", []):
        print("  warning: %s" % w.splitlines()[0])
