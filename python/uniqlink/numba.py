"""A guard for numba's on-disk cache (numba/numba#10486).

numba names a compiled function after its module, its qualified name and a
per-process counter (``FunctionIdentity._unique_ids``) that forked children
inherit, so two processes can give one mangled name to two different bodies.
Every jitted function linked into another one becomes ``linkonce_odr`` there
(a WEAK symbol in the cached ELF object), and MCJIT keeps the first weak
definition of a name it sees: a process that loads both caches silently calls
the wrong body.

``install()`` patches numba's CPU code libraries in place, at two points:

1. Before a library's final module is compiled (and so before it is cached),
   its ``linkonce_odr`` definitions are renamed to
   ``<name>.__ul.<content hash>`` (the ``unique-linkonce`` pass, through
   libuniqlink-c on the libLLVM that llvmlite links). Different bodies never
   share a name any more; identical ones still merge. The library's own
   functions (entry points, cpython wrappers, environments) keep their
   names, and lookups by an old name are mapped to the new one.

2. Every object MCJIT receives, from the cache or freshly compiled, is
   admitted into one process-wide registry first. An object from the cache
   that defines a name already loaded with a different body is never handed
   to MCJIT. Under the default policy ``"recompile"`` the cache entry is
   treated as stale: a ``CollisionWarning`` names the symbols and both
   files, numba compiles the function again (with unique names) and
   overwrites that cache entry, so the next process loads it without a
   collision. Under ``"error"`` a ``CollisionError`` is raised instead. A
   freshly compiled object that collides with one from the cache raises
   ``CollisionError`` under both policies (it cannot be compiled any other
   way). Renamed (``.__ul.``) definitions are trusted by name: a copy that
   numba optimized again inside a later module means the same function.
   For the same reason two objects compiled in this process never refuse
   each other (their names come from one counter, so a shared name means a
   shared source: numba links its ``weak_odr`` gufunc wrappers into later
   modules too); each is checked against what came from the cache.

Enable it with ``uniqlink.numba.install()`` before numba compiles or loads
anything, or without touching code: install ``uniqlink-numba.pth`` next to
the package and set ``UNIQLINK_NUMBA=1`` (``UNIQLINK_NUMBA=error`` selects the
``"error"`` policy). ``UNIQLINK_NUMBA_POLICY`` overrides the policy.
"""

import collections
import os
import threading
import time
import warnings

from uniqlink import _capi
from uniqlink._capi import UniqlinkError

__all__ = [
    "CollisionError", "CollisionWarning", "install", "installed", "stats",
    "uninstall", "UniqlinkError"
]

#: Options of the unique-linkonce pass: deterministic names, so identical
#: bodies from different processes or modules still merge.
RENAME_OPTIONS = "mode=hash;linkages=linkonce_odr"

POLICIES = ("recompile", "error")


class CollisionError(RuntimeError):
    """An object defines a symbol already loaded with a different body.

    ``origin`` is the refused object (a cache file, or a library compiled in
    this process); the message names each colliding symbol and the object
    that holds the loaded definition.
    """

    def __init__(self, message, origin):
        super().__init__(message)
        self.origin = origin


class CollisionWarning(UserWarning):
    """A cache entry collided and was compiled again (policy "recompile")."""


class _State(object):

    def __init__(self):
        self.lock = threading.RLock()
        self.installed = False
        self.policy = "recompile"
        # Objects from the cache, and objects compiled in this process.
        self.cached = None
        self.compiled = None
        self.originals = []  # (owner, attribute name, original value)
        self.stats = collections.Counter()
        self.local = threading.local()  # .origins: stack of cache files


_state = _State()


def installed():
    """True while the guard is installed."""
    return _state.installed


def stats():
    """Counters since install(): modules renamed, symbols renamed, objects
    admitted from the cache / compiled, rejections, recompilations, and the
    seconds spent renaming and admitting."""
    return dict(_state.stats)


# -- Checks -----------------------------------------------------------------


def _llvm_major(version_string):
    # "0.1.0 (LLVM 14.0.6)" -> 14
    try:
        return int(version_string.split("(LLVM ", 1)[1].split(".", 1)[0])
    except (IndexError, ValueError):
        raise UniqlinkError("uniqlink: unexpected version string %r" %
                            version_string)


def _check_shared_llvm():
    """libuniqlink-c must use llvmlite's LLVM, not a second copy."""
    import ctypes
    import llvmlite.binding as llvm
    from llvmlite.binding import ffi

    ours = _capi.version()
    if llvm.llvm_version_info[0] != _llvm_major(ours):
        raise UniqlinkError(
            "uniqlink: llvmlite uses LLVM %s but libuniqlink-c was built "
            "against %s; build it with -DUNIQLINK_LLVM_VERSION=%d" %
            (".".join(map(str, llvm.llvm_version_info)), ours,
             llvm.llvm_version_info[0]))
    try:
        theirs = ctypes.cast(ffi.lib._lib.LLVMContextCreate, ctypes.c_void_p)
    except AttributeError:
        theirs = None
    mine = ctypes.cast(_capi.library().LLVMContextCreate, ctypes.c_void_p)
    if theirs is None or theirs.value != mine.value:
        raise UniqlinkError(
            "uniqlink: llvmlite (%s) does not share its libLLVM with "
            "libuniqlink-c (a statically linked llvmlite?); the guard needs "
            "one LLVM in the process" % ffi.lib._name)


# -- Patching helpers -------------------------------------------------------


def _patch(owner, name, value):
    _state.originals.append((owner, name, owner.__dict__[name]))
    setattr(owner, name, value)


# -- 1. Rename before compile -----------------------------------------------


def _rename_final_module(library):
    start = time.perf_counter()
    renames = _capi.rename_linkonce(library._final_module._ptr,
                                    RENAME_OPTIONS)
    _state.stats["rename seconds"] += time.perf_counter() - start
    _state.stats["modules renamed"] += 1
    _state.stats["symbols renamed"] += len(renames)
    if renames:
        merged = dict(getattr(library, "_uniqlink_renames", {}))
        merged.update(renames)
        library._uniqlink_renames = merged


def _make_optimize_final_module(orig):

    def _optimize_final_module(self):
        orig(self)
        if _state.installed:
            _rename_final_module(self)

    return _optimize_final_module


def _make_get_function(orig):

    def get_function(self, name):
        new = getattr(self, "_uniqlink_renames", {}).get(name)
        return orig(self, new if new is not None else name)

    return get_function


def _make_get_pointer_to_function(orig):

    def get_pointer_to_function(self, name):
        new = getattr(self, "_uniqlink_renames", {}).get(name)
        return orig(self, new if new is not None else name)

    return get_pointer_to_function


# -- 2. Admit every object --------------------------------------------------


def _origins():
    stack = getattr(_state.local, "origins", None)
    if stack is None:
        stack = _state.local.origins = []
    return stack


def _admit(origin, data, from_cache):
    """Admits data or raises CollisionError. An object from the cache must
    agree with everything loaded; one compiled here only with the cache."""
    start = time.perf_counter()
    if from_cache:
        status, message = _state.compiled.check(origin, data)
        if status == _capi.ACCEPTED:
            status, handle, message = _state.cached.admit(origin, data)
    else:
        status, message = _state.cached.check(origin, data)
        if status == _capi.ACCEPTED:
            status, handle, message = _state.compiled.admit(
                origin, data, _capi.ADMIT_KEEP_LOADED)
    _state.stats["admit seconds"] += time.perf_counter() - start
    if status == _capi.ACCEPTED:
        return handle
    _state.stats["rejected"] += 1
    if status == _capi.REJECTED:
        raise CollisionError(
            "uniqlink: refusing %s: it defines a symbol already loaded with "
            "a different body (numba/numba#10486):\n%s" % (origin, message),
            origin)
    raise CollisionError(
        "uniqlink: cannot vouch for %s (not a readable object): %s" %
        (origin, message), origin)


def _make_unserialize(orig):

    def _unserialize(cls, codegen, state):
        from numba.core.codegen import JITCodeLibrary
        name, kind, data = state
        if not (_state.installed and kind == "object" and
                issubclass(cls, JITCodeLibrary)):
            return orig(cls, codegen, state)
        stack = _origins()
        origin = stack[-1] if stack and stack[-1] else (
            "<numba cache entry %s>" % name)
        handle = _admit(origin, data[0], from_cache=True)
        try:
            library = orig(cls, codegen, state)
        except BaseException:
            _state.cached.remove(handle)
            raise
        _state.stats["admitted from cache"] += 1
        return library

    return _unserialize


def _make_object_compiled_hook(orig):

    def _object_compiled_hook(cls, ll_module, buf):
        orig(cls, ll_module, buf)
        if not _state.installed:
            return
        # Runs inside an LLVM callback: an exception would be lost, so a
        # collision is stored on the library and raised by finalize.
        library = getattr(ll_module, "_CPUCodeLibrary__library", None)
        try:
            lib_name = library.name if library is not None else ll_module.name
            _admit("<compiled in process %d: %s>" % (os.getpid(), lib_name),
                   buf, from_cache=False)
            _state.stats["admitted compiled"] += 1
        except CollisionError as e:
            if library is not None:
                library._uniqlink_error = e
        except Exception as e:  # noqa: BLE001 - never escape a callback
            if library is not None:
                library._uniqlink_error = e

    return _object_compiled_hook


def _make_finalize_specific(orig):

    def _finalize_specific(self):
        orig(self)
        error = self.__dict__.pop("_uniqlink_error", None)
        if error is not None:
            raise error

    return _finalize_specific


def _make_load_data(orig):

    def _load_data(self, name):
        stack = _origins()
        if stack:
            stack[-1] = self._data_path(name)
        return orig(self, name)

    return _load_data


def _make_load_overload(orig):

    def _load_overload(self, sig, target_context):
        stack = _origins()
        stack.append(None)
        try:
            return orig(self, sig, target_context)
        except CollisionError as e:
            if _state.policy == "error":
                raise
            _state.stats["recompiled"] += 1
            warnings.warn(
                CollisionWarning(
                    "%s\nuniqlink: treating this cache entry as stale; "
                    "compiling %s again (the cache entry is replaced)" %
                    (e, self._name)),
                stacklevel=2)
            return None
        finally:
            stack.pop()

    return _load_overload


# -- Install ----------------------------------------------------------------


def install(policy=None):
    """Installs the guard (idempotent); returns True if it was installed now.

    policy: "recompile" (default) or "error"; see the module documentation.
    Default: $UNIQLINK_NUMBA_POLICY, else "recompile".
    """
    policy = policy or os.environ.get("UNIQLINK_NUMBA_POLICY") or "recompile"
    if policy not in POLICIES:
        raise ValueError("uniqlink: unknown policy %r (expected one of %s)" %
                         (policy, ", ".join(POLICIES)))
    with _state.lock:
        _state.policy = policy
        if _state.installed:
            return False
        from numba.core import caching, codegen

        _check_shared_llvm()
        if _state.cached is None:
            _state.cached = _capi.Registry(_capi.ADMIT_TRUST_UNIQUE_NAMES)
            _state.compiled = _capi.Registry(_capi.ADMIT_TRUST_UNIQUE_NAMES)
        lib_cls = codegen.CPUCodeLibrary
        jit_cls = codegen.JITCodeLibrary
        patches = [
            (lib_cls, "_optimize_final_module", _make_optimize_final_module),
            (lib_cls, "get_function", _make_get_function),
            (jit_cls, "get_pointer_to_function",
             _make_get_pointer_to_function),
            (lib_cls, "_unserialize", _make_unserialize),
            (lib_cls, "_object_compiled_hook", _make_object_compiled_hook),
            (jit_cls, "_finalize_specific", _make_finalize_specific),
            (caching.IndexDataCacheFile, "_load_data", _make_load_data),
            (caching.Cache, "_load_overload", _make_load_overload),
        ]
        missing = [
            "%s.%s" % (owner.__name__, name)
            for owner, name, _ in patches if name not in owner.__dict__
        ]
        if missing:
            import numba
            raise UniqlinkError(
                "uniqlink: numba %s is not supported (no %s); the guard "
                "was written for numba 0.56" %
                (numba.__version__, ", ".join(missing)))
        for owner, name, make in patches:
            original = owner.__dict__[name]
            if isinstance(original, classmethod):
                _patch(owner, name, classmethod(make(original.__func__)))
            else:
                _patch(owner, name, make(original))
        _state.installed = True
        return True


def uninstall():
    """Restores numba's original methods. The registry (what was loaded)
    is kept, since the code stays loaded; a later install() reuses it."""
    with _state.lock:
        while _state.originals:
            owner, name, value = _state.originals.pop()
            setattr(owner, name, value)
        _state.installed = False
