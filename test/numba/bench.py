"""Overhead of the numba guard on compile time and cache-load time.

  bench.py [--runs N] [--json]

Not a test (prints figures only). For each configuration (plain numba,
guard) and run: a fresh NUMBA_CACHE_DIR; one process compiles the calls of
smoke/smoke_kernels.py (cache=True) and a second one loads them from that
cache. Each process warms numba up first (a trivial uncached function: target
initialization and NRT are not counted) and times the first call of every
entry in smoke_kernels.CALLS. The two configurations alternate within each
run, so both see the same machine. Prints the median totals, the ratio
guard / plain of the totals and the median of the per-function ratios (the
targets: under 1.05 on compile, under 1.10 on a cache load), and the
per-function medians. UNIQLINK_C_LIBRARY and PYTHONPATH as for the tests
(or the installed wheel). With --json, one JSON document instead (what
tools/uniqlink-bench/bench.py's numba group reads).
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

CHILD = r"""
import importlib.util, json, sys, time
if sys.argv[2] == "guard":
    import uniqlink.numba
    uniqlink.numba.install()
from numba import njit
@njit
def warm(x):
    return x + 1
warm(1)
spec = importlib.util.spec_from_file_location("smoke_kernels", sys.argv[1])
mod = importlib.util.module_from_spec(spec)
sys.modules["smoke_kernels"] = mod
spec.loader.exec_module(mod)
times = {}
for i, (name, args, _) in enumerate(mod.CALLS):
    fn = getattr(mod, name)
    t0 = time.perf_counter()
    try:
        fn(*args)
    except Exception:
        pass
    times["%d %s%r" % (i, name, args)] = time.perf_counter() - t0
guard = {}
if sys.argv[2] == "guard":
    guard = {k: v for k, v in uniqlink.numba.stats().items()
             if k.endswith("seconds")}
print(json.dumps({"times": times, "guard": guard}))
"""


def one(kernels, config, cache_dir):
    env = dict(os.environ, NUMBA_CACHE_DIR=cache_dir,
               PYTHONDONTWRITEBYTECODE="1")
    env.pop("UNIQLINK_NUMBA", None)
    out = subprocess.run([sys.executable, "-c", CHILD, kernels, config],
                         env=env, stdout=subprocess.PIPE, check=True,
                         universal_newlines=True).stdout
    return json.loads(out)


def main(argv):
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 5
    results, inside = {}, {}
    for r in range(runs):
        for config in ("plain", "guard"):
            tmp = tempfile.mkdtemp(prefix="uniqlink-bench-")
            try:
                kernels = shutil.copy(
                    os.path.join(HERE, "smoke", "smoke_kernels.py"), tmp)
                cache = os.path.join(tmp, "cache")
                for phase in ("compile", "load"):
                    t = one(kernels, config, cache)
                    results.setdefault((config, phase), []).append(
                        t["times"])
                    if t["guard"]:
                        inside.setdefault(phase, []).append(t["guard"])
            finally:
                shutil.rmtree(tmp)
    summary = {"runs": runs, "phases": {}}
    for phase in ("compile", "load"):
        plain = [sum(t.values()) for t in results[("plain", phase)]]
        guard = [sum(t.values()) for t in results[("guard", phase)]]
        per_fn = statistics.median(
            statistics.median(t[key] for t in results[("guard", phase)]) /
            max(statistics.median(t[key]
                                  for t in results[("plain", phase)]), 1e-9)
            for key in results[("plain", phase)][0]
            if statistics.median(t[key] for t in results[("plain", phase)]))
        summary["phases"][phase] = {
            "plain": statistics.median(plain),
            "guard": statistics.median(guard),
            "ratio": statistics.median(guard) / statistics.median(plain),
            "per_function_ratio": per_fn,
            "functions": len(results[("plain", phase)][0]),
            "inside": {key: statistics.median(g.get(key, 0.0)
                                              for g in inside[phase])
                       for key in ("rename seconds", "admit seconds")},
        }
    if "--json" in argv:
        print(json.dumps(summary))
        return
    print("median of %d runs, seconds (first call of each function)" % runs)
    print("%-8s %-8s %10s" % ("phase", "config", "total"))
    for phase in ("compile", "load"):
        ph = summary["phases"][phase]
        print("%-8s %-8s %10.4f" % (phase, "plain", ph["plain"]))
        print("%-8s %-8s %10.4f" % (phase, "guard", ph["guard"]))
        for key, spent in ph["inside"].items():
            print("%-8s %-8s %10.4f  (%s, inside the guard)" %
                  (phase, "guard", spent, key))
    print("\nguard / plain (median totals; median of per-function ratios)")
    for phase, target in (("compile", 1.05), ("load", 1.10)):
        ph = summary["phases"][phase]
        worst = max(ph["ratio"], ph["per_function_ratio"])
        print("%-8s %6.3f  %6.3f  (target < %.2f: %s)" %
              (phase, ph["ratio"], ph["per_function_ratio"], target,
               "met" if worst < target else "missed"))
    for phase in ("compile", "load"):
        print("\n%s, per function: plain / guard" % phase)
        for key in results[("plain", phase)][0]:
            p = statistics.median(t[key] for t in results[("plain", phase)])
            g = statistics.median(t[key] for t in results[("guard", phase)])
            print("  %-44s %9.4f %9.4f" % (key, p, g))


if __name__ == "__main__":
    main(sys.argv)
