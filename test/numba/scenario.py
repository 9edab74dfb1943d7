"""The numba/numba#10486 fork scenario, driven by the tests in this directory.

  scenario.py WORKDIR fill [--guard]
      A parent compiles two functions (so numba's uid counter moves), then
      forks one child per kernel directory (WORKDIR/a, WORKDIR/b). Each child
      imports its own kernels.py (same module name "kernels", same function
      names, different bodies) and calls entry(), which fills its cache.
  scenario.py WORKDIR load [--guard] [--policy=recompile|error]
      A fresh process imports both kernels.py in turn and calls entry() and
      helper(), loading both caches into one MCJIT.
  scenario.py WORKDIR fresh [--guard]
      Loads kernel a from its cache, then sets numba's counter back so that
      compiling WORKDIR/c/kernels.py (b's code, no cache yet) in this process
      reuses a's mangled names: a fresh compile that collides.

NUMBA_CACHE_DIR must be set by the caller. --guard installs
uniqlink.numba first. Prints one JSON document: per call the value, the
expected value or the error, and per kernel the cache hits and misses.
"""

import importlib.util
import json
import os
import sys
import warnings

KERNELS = ("a", "b")
ARGS = (5, 10)


def expected(kernel, fn, n):
    if kernel == "a":  # b and c: fibonacci
        h = 1
        for i in range(2, n + 1):
            h *= i
        add = 1
    else:
        x, y = 0, 1
        for _ in range(n):
            x, y = y, x + y
        h, add = x, 2
    return h if fn == "helper" else h + add


def import_kernels(workdir, kernel):
    path = os.path.join(workdir, kernel, "kernels.py")
    spec = importlib.util.spec_from_file_location("kernels", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["kernels"] = module
    spec.loader.exec_module(module)
    return module


def hits_misses(dispatcher):
    s = dispatcher.stats
    return sum(s.cache_hits.values()), sum(s.cache_misses.values())


def fill(workdir):
    from numba import njit

    @njit
    def first(x):
        return x + 1

    @njit
    def second(x):
        return x * 2

    first(1)
    second(1)
    status = {}
    for kernel in KERNELS:
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                m = import_kernels(workdir, kernel)
                ok = all(m.entry(n) == expected(kernel, "entry", n)
                         for n in ARGS)
                code = 0 if ok else 3
            finally:
                os._exit(code)
        _, st = os.waitpid(pid, 0)
        status[kernel] = os.waitstatus_to_exitcode(st)
    return {"children": status}


def load(workdir):
    calls, caches, warned = [], {}, []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for kernel in KERNELS:
            m = import_kernels(workdir, kernel)
            for fn in ("entry", "helper"):
                for n in ARGS:
                    call = {"kernel": kernel, "fn": fn, "n": n,
                            "expected": expected(kernel, fn, n)}
                    try:
                        call["value"] = getattr(m, fn)(n)
                    except Exception as e:  # noqa: BLE001 - reported
                        call["error"] = "%s: %s" % (type(e).__name__, e)
                    calls.append(call)
            caches[kernel] = {fn: hits_misses(getattr(m, fn))
                              for fn in ("entry", "helper")}
    for w in caught:
        if not issubclass(w.category, (DeprecationWarning,
                                       PendingDeprecationWarning)):
            warned.append("%s: %s" % (w.category.__name__, w.message))
    return {"calls": calls, "caches": caches, "warnings": warned}


def fresh(workdir):
    import itertools

    from numba.core import bytecode

    a = import_kernels(workdir, "a")
    calls = [{"kernel": "a", "fn": "entry", "n": 10,
              "expected": expected("a", "entry", 10), "value": a.entry(10)}]
    bytecode.FunctionIdentity._unique_ids = itertools.count(3)
    c = import_kernels(workdir, "c")
    call = {"kernel": "c", "fn": "entry", "n": 10,
            "expected": expected("c", "entry", 10)}
    try:
        call["value"] = c.entry(10)
    except Exception as e:  # noqa: BLE001 - reported
        call["error"] = "%s: %s" % (type(e).__name__, e)
    calls.append(call)
    names = {"a": a.entry.overloads[a.entry.signatures[0]].fndesc.mangled_name}
    if c.entry.signatures:
        names["c"] = c.entry.overloads[
            c.entry.signatures[0]].fndesc.mangled_name
    return {"calls": calls, "names": names}


def main(argv):
    workdir, mode = argv[1], argv[2]
    opts = argv[3:]
    if "--guard" in opts:
        import uniqlink.numba
        policy = None
        for o in opts:
            if o.startswith("--policy="):
                policy = o.split("=", 1)[1]
        uniqlink.numba.install(policy)
    result = {"fill": fill, "load": load, "fresh": fresh}[mode](workdir)
    if "--guard" in opts:
        import uniqlink.numba
        result["guard"] = uniqlink.numba.stats()
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv)
