"""numba's ordinary usage, with or without the uniqlink guard.

  smoke.py WORKDIR [--guard]

Imports WORKDIR/smoke_kernels.py (the test copies it there), runs every call
in smoke_kernels.CALLS and prints JSON: per call whether the result was right,
and per function the cache hits and misses. NUMBA_CACHE_DIR must be set.
"""
import importlib.util
import json
import math
import os
import sys


def same(value, expected):
    if isinstance(expected, tuple):
        return len(value) == len(expected) and all(
            same(v, e) for v, e in zip(value, expected))
    if isinstance(expected, float):
        return math.isclose(value, expected, rel_tol=1e-9)
    return value == expected


def main(argv):
    workdir = argv[1]
    if "--guard" in argv:
        import uniqlink.numba
        uniqlink.numba.install()
    spec = importlib.util.spec_from_file_location(
        "smoke_kernels", os.path.join(workdir, "smoke_kernels.py"))
    mod = importlib.util.module_from_spec(spec)
    sys.modules["smoke_kernels"] = mod  # cached functions look it up
    spec.loader.exec_module(mod)
    calls = []
    for name, args, expected in mod.CALLS:
        call = {"fn": name, "args": list(args)}
        try:
            value = getattr(mod, name)(*args)
            call["ok"] = (not isinstance(expected, type)) and same(
                value, expected)
            call["value"] = repr(value)
        except Exception as e:  # noqa: BLE001 - reported
            call["ok"] = isinstance(expected, type) and isinstance(
                e, expected)
            call["value"] = "%s: %s" % (type(e).__name__, e)
        calls.append(call)
    caches = {}
    for name in sorted({c[0] for c in mod.CALLS}):
        s = getattr(mod, name).stats
        caches[name] = [sum(s.cache_hits.values()),
                        sum(s.cache_misses.values())]
    result = {"calls": calls, "caches": caches}
    if "--guard" in argv:
        result["guard"] = uniqlink.numba.stats()
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv)
