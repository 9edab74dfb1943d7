# Child B's kernels: the same module, function names and line numbers as
# kernels_a/kernels.py, different bodies. helper recurses, so it stays a
# separate (linkonce_odr, WEAK) function inside entry's cached object.
from numba import njit


@njit(cache=True)
def helper(n):
    if n <= 1:  # fibonacci
        return n
    return helper(n - 1) + helper(n - 2)


@njit(cache=True)
def entry(n):
    return helper(n) + 2
