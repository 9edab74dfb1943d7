"""A pytensor-shaped numba/numba#10486 scenario, driven by test_pool_cache.py.

pytensor's numba backend generates a Python module per graph, with the same
module and function names for every graph, and compiles it with
``cache=True``; users run many of them in a ``multiprocessing`` pool.

  pool_scenario.py WORKDIR fill [--guard] [--tasks=N]
      A parent compiles two functions (numba's uid counter moves), then
      starts a pool of two workers by fork. Task k writes
      WORKDIR/graphs/g<k>/graph.py (module "graph", functions "helper" and
      "fgraph", bodies that depend on k) and calls fgraph, which fills the
      one cache directory $NUMBA_CACHE_DIR. The first two tasks run on
      different workers at the same time, so both start from the parent's
      counter value.
  pool_scenario.py WORKDIR load [--guard]
      A fresh process imports every graph in turn and calls fgraph and
      helper: all of them from the cache, into one MCJIT.

--guard installs uniqlink.numba first. Prints one JSON document: per call
the value and the expected value (or the error).
"""

import importlib.util
import json
import multiprocessing
import os
import sys
import warnings

TEMPLATE = '''# Generated graph {k}: the same names in every graph, a body of its own.
from numba import njit


@njit(cache=True)
def helper(n):
    if n <= 1:  # recursive, so it stays a separate linkonce_odr function
        return {k}
    return helper(n - 1) + {k}


@njit(cache=True)
def fgraph(n):
    return helper(n) * 2 + {k}
'''

N = 10
_barrier = None


def expected(k, fn, n=N):
    helper = k * n
    return helper if fn == "helper" else helper * 2 + k


def graph_path(workdir, k):
    return os.path.join(workdir, "graphs", "g%d" % k, "graph.py")


def import_graph(workdir, k):
    spec = importlib.util.spec_from_file_location("graph",
                                                  graph_path(workdir, k))
    module = importlib.util.module_from_spec(spec)
    sys.modules["graph"] = module
    spec.loader.exec_module(module)
    return module


def _init(barrier):
    global _barrier
    _barrier = barrier


def _task(args):
    workdir, k = args
    if k < 2:  # tasks 0 and 1 on two workers, from the same counter value
        _barrier.wait(timeout=120)
    path = graph_path(workdir, k)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(TEMPLATE.format(k=k))
    module = import_graph(workdir, k)
    return os.getpid(), module.fgraph(N) == expected(k, "fgraph")


def fill(workdir, tasks):
    from numba import njit

    @njit
    def first(x):
        return x + 1

    @njit
    def second(x):
        return x * 2

    first(1)
    second(1)
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(2)
    with ctx.Pool(2, initializer=_init, initargs=(barrier,)) as pool:
        results = pool.map(_task, [(workdir, k) for k in range(tasks)],
                           chunksize=1)
    return {"tasks": tasks, "workers": len({pid for pid, _ in results}),
            "ok": sum(1 for _, ok in results if ok)}


def load(workdir):
    calls, warned = [], []
    tasks = len(os.listdir(os.path.join(workdir, "graphs")))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for k in range(tasks):
            module = import_graph(workdir, k)
            for fn in ("fgraph", "helper"):
                call = {"graph": k, "fn": fn, "expected": expected(k, fn)}
                try:
                    call["value"] = getattr(module, fn)(N)
                except Exception as e:  # noqa: BLE001 - reported
                    call["error"] = "%s: %s" % (type(e).__name__, e)
                calls.append(call)
    warned = ["%s: %s" % (w.category.__name__, w.message) for w in caught
              if not issubclass(w.category, (DeprecationWarning,
                                             PendingDeprecationWarning))]
    return {"calls": calls, "warnings": warned}


def main(argv):
    workdir, mode = argv[1], argv[2]
    opts = argv[3:]
    if "--guard" in opts:
        import uniqlink.numba
        uniqlink.numba.install()
    tasks = 6
    for o in opts:
        if o.startswith("--tasks="):
            tasks = int(o.split("=", 1)[1])
    result = fill(workdir, tasks) if mode == "fill" else load(workdir)
    if "--guard" in opts:
        import uniqlink.numba
        result["guard"] = uniqlink.numba.stats()
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv)
