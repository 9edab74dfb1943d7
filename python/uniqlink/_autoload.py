"""Opt-in without code changes: imported by uniqlink-numba.pth at startup.

With UNIQLINK_NUMBA set to 1/yes/on/recompile (or "error" for the error
policy), installs uniqlink.numba as soon as numba itself has been imported,
so processes that never use numba do not pay for importing it. A guard that
cannot be installed is reported as a warning (a broken guard must not stop
Python from starting), except under the "error" policy, where ``import
numba`` raises: that policy promises no unguarded process.
"""

import importlib.abc
import importlib.util
import os
import sys
import warnings

_ON = ("1", "yes", "on", "true", "recompile")


def _wanted():
    value = os.environ.get("UNIQLINK_NUMBA", "").strip().lower()
    if value == "error":
        return "error"
    return "recompile" if value in _ON else None


def _install(policy):
    policy = os.environ.get("UNIQLINK_NUMBA_POLICY") or policy
    try:
        import uniqlink.numba
        uniqlink.numba.install(policy)
    except Exception as e:  # noqa: BLE001 - see the module docstring
        if policy == "error":
            raise
        warnings.warn("uniqlink: the numba guard is NOT installed: %s" % e)


class _AfterNumba(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds 'numba' through the other finders and installs the guard once
    its package has run."""

    def __init__(self, policy):
        self.policy = policy
        self.spec = None

    def find_spec(self, name, path=None, target=None):
        if name != "numba" or self.spec is not None:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return None
        self.spec = spec
        self.inner = spec.loader
        spec.loader = self
        return spec

    def create_module(self, spec):
        return self.inner.create_module(spec)

    def exec_module(self, module):
        # numba's package sees its own loader.
        module.__spec__.loader = module.__loader__ = self.inner
        self.inner.exec_module(module)
        _install(self.policy)


def activate():
    policy = _wanted()
    if policy is None:
        return
    if "numba" in sys.modules:
        _install(policy)
    else:
        sys.meta_path.insert(0, _AfterNumba(policy))


activate()
