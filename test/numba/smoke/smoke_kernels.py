# Ordinary numba code for the smoke test: arrays (NRT), calls between jitted
# functions, recursion, typed containers, exceptions, parallel=False and
# parallel=True. Every function is cached. (No mutual recursion: numba 0.56
# itself crashes when it loads mutually recursive functions from its cache,
# guard or not.)
import numpy as np
from numba import njit, prange
from numba.typed import Dict, List


@njit(cache=True)
def add(a, b):
    return a + b


@njit(cache=True)
def square(x):
    return x * x


@njit(cache=True)
def sum_squares(n):
    s = 0
    for i in range(n):
        s = add(s, square(i))
    return s


@njit(cache=True)
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)


@njit(cache=True)
def calls_fact(n):
    return fact(n) - fact(n - 1)


@njit(cache=True, parallel=False)
def array_stats(n):
    a = np.arange(n, dtype=np.float64)
    b = np.sqrt(a) * 2.0
    return b.sum(), a.max()


@njit(cache=True)
def typed_list(n):
    lst = List()
    for i in range(n):
        lst.append(square(i))
    return len(lst), lst[n - 1]


@njit(cache=True)
def typed_dict(n):
    d = Dict()
    for i in range(n):
        d[i] = float(i) / 2
    return d[n - 1]


@njit(cache=True)
def checked_div(a, b):
    if b == 0:
        raise ZeroDivisionError("b is zero")
    return a // b


@njit(cache=True, parallel=True)
def parallel_sum(n):
    # parfors links numba's weak_odr gufunc wrapper into a second module.
    s = 0.0
    for i in prange(n):
        s += np.sqrt(i)
    return s


CALLS = [
    ("add", (2, 3), 5),
    ("add", (1.5, 2.25), 3.75),
    ("sum_squares", (10,), 285),
    ("fact", (10,), 3628800),
    ("calls_fact", (6,), 600),
    ("array_stats", (16,), (2.0 * sum(i ** 0.5 for i in range(16)), 15.0)),
    ("typed_list", (5,), (5, 16)),
    ("typed_dict", (5,), 2.0),
    ("checked_div", (7, 2), 3),
    ("checked_div", (7, 0), ZeroDivisionError),
    ("parallel_sum", (100,), sum(i ** 0.5 for i in range(100))),
]
