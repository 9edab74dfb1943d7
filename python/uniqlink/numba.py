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
   ``<name>.__ul.<content hash>``. The names are computed by the
   ``unique-linkonce`` pass in libuniqlink-c, on its own LLVM, from the
   module's bitcode (or text); llvmlite's own API applies them. No LLVM
   object crosses between the two, so llvmlite may link any LLVM (pip's
   wheels link a private static one). Different bodies never share a name
   any more; identical ones still merge. The library's own functions (entry
   points, cpython wrappers, environments) keep their names, and lookups by
   an old name are mapped to the new one. If libuniqlink-c cannot read
   llvmlite's IR (a newer LLVM than its own), a ``GuardWarning`` says so once,
   naming both versions, and only step 2 protects the process; under the
   ``"error"`` policy ``install()`` raises instead.

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

3. numba's function-id counter starts at a random 48-bit value in every
   guarded process, and again in every child it forks, so guarded processes
   give no two functions the same mangled name, strong names included
   (pytensor and PyMC patch the counter for the same reason).

Enable it with ``uniqlink.numba.install()`` before numba compiles or loads
anything, or without touching code: install ``uniqlink-numba.pth`` next to
the package and set ``UNIQLINK_NUMBA=1`` (``UNIQLINK_NUMBA=error`` selects the
``"error"`` policy). ``UNIQLINK_NUMBA_POLICY`` overrides the policy.
"""

import atexit
import collections
import itertools
import json
import os
import sys
import threading
import time
import warnings

from uniqlink import _capi
from uniqlink._capi import UniqlinkError

__all__ = [
    "CollisionError", "CollisionWarning", "GuardWarning", "install",
    "installed", "stats", "uninstall", "UniqlinkError"
]

#: Options of the unique-linkonce pass: deterministic names, so identical
#: bodies from different processes or modules still merge. weak_odr is
#: planned too, but only copies linked in from another library are renamed
#: (see _plan_renames).
RENAME_OPTIONS = "mode=hash;linkages=linkonce_odr+weak_odr"

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


class GuardWarning(UserWarning):
    """The guard protects less than it should: libuniqlink-c cannot read
    llvmlite's IR, so names are not made unique (cached objects are still
    checked). Given once per process."""


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
        # How llvmlite's modules reach libuniqlink-c: "bitcode" or "text";
        # None when it can read neither (names are then left alone).
        self.ir_form = None
        self.warned = False
        self.report_registered = False


_state = _State()


def installed():
    """True while the guard is installed."""
    return _state.installed


def stats():
    """Counters since install(): modules renamed, symbols renamed, objects
    admitted from the cache / compiled, rejections, recompilations, and the
    seconds spent renaming and admitting."""
    return dict(_state.stats)


# -- Reading llvmlite's IR -------------------------------------------------

#: A module with one linkonce_odr definition: install() checks that
#: libuniqlink-c reads llvmlite's IR by planning its renames.
_PROBE_IR = """
define linkonce_odr i64 @uniqlink_probe(i64 %x) {
  %y = add i64 %x, 1
  ret i64 %y
}

define i64 @uniqlink_probe_caller(i64 %x) {
  %y = call i64 @uniqlink_probe(i64 %x)
  ret i64 %y
}
"""


def _serialize(module, form):
    return module.as_bitcode() if form == "bitcode" else str(module)


def _llvm_versions():
    import llvmlite.binding as llvm
    return (".".join(map(str, llvm.llvm_version_info)),
            _capi.llvm_version())


def _probe_ir_form():
    """The form ("bitcode", else "text") of llvmlite's modules that
    libuniqlink-c reads; UniqlinkError naming both LLVMs if neither."""
    import llvmlite.binding as llvm
    module = llvm.parse_assembly(_PROBE_IR)
    problems = []
    for form in ("bitcode", "text"):
        try:
            renames = _capi.plan_renames(_serialize(module, form),
                                         RENAME_OPTIONS)
        except UniqlinkError as e:
            problems.append("%s: %s" % (form, e))
            continue
        if list(renames) == ["uniqlink_probe"]:
            return form
        problems.append("%s: unexpected renames %r" % (form, renames))
    theirs, ours = _llvm_versions()
    raise UniqlinkError(
        "uniqlink: libuniqlink-c (LLVM %s) cannot read the IR of llvmlite's "
        "LLVM %s (%s)" % (ours, theirs, "; ".join(problems)))


def _warn_unprotected(reason):
    """Counts a module left unrenamed; warns once per process."""
    _state.stats["unrenamed modules"] += 1
    _warn_once(reason)


def _warn_once(reason):
    """Once per process: what is not protected, and why."""
    if _state.warned:
        return
    _state.warned = True
    warnings.warn(
        GuardWarning(
            "%s\nuniqlink: linkonce_odr names are NOT made unique in this "
            "process: what it compiles and caches can collide with other "
            "processes' caches. Objects loaded from the cache are still "
            "checked (policy %r). Build libuniqlink-c against an LLVM at "
            "least as new as llvmlite's to be fully protected." %
            (reason, _state.policy)),
        stacklevel=4)


def _write_report():
    """At exit, appends this process's guard state as one JSON line to
    $UNIQLINK_NUMBA_REPORT (for tests and audits: proves the guard ran)."""
    path = os.environ.get("UNIQLINK_NUMBA_REPORT")
    if not path:
        return
    line = dict(stats(), pid=os.getpid(), installed=_state.installed,
                policy=_state.policy, ir_form=_state.ir_form,
                library=_capi.library()._name)
    with open(path, "a") as f:
        f.write(json.dumps(line) + "\n")


# -- Patching helpers -------------------------------------------------------


def _patch(owner, name, value):
    _state.originals.append((owner, name, owner.__dict__[name]))
    setattr(owner, name, value)


# -- 1. Rename before compile -----------------------------------------------


def _global_named(module, name):
    try:
        return module.get_function(name)
    except NameError:
        pass
    try:
        return module.get_global_variable(name)
    except NameError:
        raise UniqlinkError("uniqlink: %s has no function or variable %r "
                            "to rename" % (module.name, name))


def _defined_by_linked_library(library, name):
    """Whether a library linked into library's final module defines name."""
    for linked in getattr(library, "_linking_libraries", ()):
        try:
            if not linked._get_module_for_linking().get_function(
                    name).is_declaration:
                return True
        except NameError:
            pass
    return False


def _plan_renames(library):
    """[(llvmlite value, new name)] for library's final module, all looked
    up before any is applied, so a module is renamed whole or not at all.

    Every linkonce_odr definition is renamed. A weak_odr one only where it
    is a copy linked in from another library: numba gives its gufunc
    wrappers weak_odr linkage and finds them by name in their own library
    (which keeps the name), while each library that links one in optimizes
    its copy again, so copies of one name differ in their bytes.
    """
    import llvmlite.binding as llvm
    module = library._final_module
    renames = _capi.plan_renames(_serialize(module, _state.ir_form),
                                 RENAME_OPTIONS)
    plan, applied = [], {}
    for old, new in renames.items():
        value = _global_named(module, old)
        if (value.linkage == llvm.Linkage.weak_odr and
                not _defined_by_linked_library(library, old)):
            continue
        plan.append((value, new))
        applied[old] = new
    return plan, applied


def _rename_final_module(library):
    if _state.ir_form is None:
        _warn_unprotected("uniqlink: cannot read llvmlite's IR")
        return
    start = time.perf_counter()
    try:
        plan, renames = _plan_renames(library)
    except UniqlinkError as e:
        if _state.policy == "error":
            raise
        _warn_unprotected("uniqlink: library %s: %s" % (library.name, e))
        return
    for value, new in plan:
        value.name = new
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


# -- Process-unique function ids -------------------------------------------


def _fresh_ids():
    """A counter for numba's function ids starting at a random 48-bit
    value: two processes (forked siblings, or a loader compiling again what
    it refused) no longer hand out the same mangled names, strong ones
    included, so what they compile and cache cannot collide by name."""
    return itertools.count(1 + int.from_bytes(os.urandom(6), "little"))


def _reseed_ids():
    from numba.core import bytecode
    if _state.installed:
        bytecode.FunctionIdentity._unique_ids = _fresh_ids()


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

        try:
            _state.ir_form = _probe_ir_form()
        except UniqlinkError as e:
            if policy == "error":
                raise
            _state.ir_form = None
            _warn_once(str(e))
        if not _state.report_registered:
            _state.report_registered = True
            atexit.register(_write_report)
            # Forked children (multiprocessing pools) draw new ids too.
            os.register_at_fork(after_in_child=_reseed_ids)
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
        _reseed_ids()
        return True


def uninstall():
    """Restores numba's original methods. The registry (what was loaded)
    is kept, since the code stays loaded; a later install() reuses it."""
    with _state.lock:
        while _state.originals:
            owner, name, value = _state.originals.pop()
            setattr(owner, name, value)
        _state.installed = False


# -- Command line -----------------------------------------------------------


def _main(argv):
    """python3 -m uniqlink.numba audit CACHE_DIR...: see uniqlink.cache_audit.
    """
    if argv[:1] == ["audit"]:
        from uniqlink import cache_audit
        return cache_audit.main(argv[1:])
    sys.stderr.write("usage: python3 -m uniqlink.numba audit CACHE_DIR...\n")
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
