"""ctypes bindings for libuniqlink-c.so (include/uniqlink-c/uniqlink.h).

Only the calls the Python side needs: the version, planning the renames of
a module handed over as bitcode or textual IR, and a registry that admits
object buffers. No LLVM object crosses: the caller's LLVM (llvmlite's) and
this library's LLVM never need to be the same. Messages and handles are
released here, never by the caller.

The library is found, in order, at $UNIQLINK_C_LIBRARY, inside this package
(uniqlink/lib/libuniqlink-c-standalone.so, what the wheel bundles: its own
LLVM linked in, nothing but uniqlink* exported), or by the dynamic loader's
search path (libuniqlink-c-standalone.so, then libuniqlink-c.so).
"""

import ctypes
import ctypes.util
import os
import threading

ACCEPTED = 0
REJECTED = 1
ERROR = 2

# uniqlinkRegistryAdmitEx flags (uniqlink.h).
ADMIT_TRUST_UNIQUE_NAMES = 1
ADMIT_KEEP_LOADED = 2

_c_char_pp = ctypes.POINTER(ctypes.c_char_p)


class UniqlinkError(RuntimeError):
    """The C library reported an error (bad input, missing library...)."""


def _find_library():
    path = os.environ.get("UNIQLINK_C_LIBRARY")
    if path:
        return path
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib")
    for name in ("libuniqlink-c-standalone.so", "libuniqlink-c.so"):
        if os.path.exists(os.path.join(here, name)):
            return os.path.join(here, name)
    for name in ("uniqlink-c-standalone", "uniqlink-c"):
        found = ctypes.util.find_library(name)
        if found:
            return found
    raise UniqlinkError(
        "uniqlink: libuniqlink-c-standalone.so not found; install the "
        "uniqlink wheel, or set UNIQLINK_C_LIBRARY to its path (e.g. "
        "build/lib/libuniqlink-c-standalone.so)")


def _declare(lib):
    def fn(name, restype, *argtypes):
        f = getattr(lib, name)
        f.restype = restype
        f.argtypes = list(argtypes)

    vp, sz, u64 = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint64
    fn("uniqlinkVersion", ctypes.c_char_p)
    # Messages are read as raw pointers so that they can be freed.
    fn("uniqlinkDisposeMessage", None, vp)
    fn("uniqlinkRegistryCreate", vp)
    fn("uniqlinkRegistryDispose", None, vp)
    fn("uniqlinkRegistryAdmitEx", ctypes.c_int, vp, ctypes.c_char_p,
       ctypes.c_char_p, sz,
       ctypes.c_uint, ctypes.POINTER(u64), ctypes.POINTER(vp))
    fn("uniqlinkRegistryCheck", ctypes.c_int, vp, ctypes.c_char_p,
       ctypes.c_char_p, sz, ctypes.c_uint, ctypes.POINTER(vp))
    fn("uniqlinkRegistryRemove", ctypes.c_int, vp, u64)
    fn("uniqlinkRegistryNumObjects", sz, vp)
    fn("uniqlinkRegistryNumSymbols", sz, vp)
    fn("uniqlinkPlanRenames", ctypes.c_int, ctypes.c_char_p, sz,
       ctypes.c_char_p, ctypes.POINTER(vp), ctypes.POINTER(vp))
    fn("uniqlinkRenameMapDispose", None, vp)
    fn("uniqlinkRenameMapSize", sz, vp)
    fn("uniqlinkRenameMapOldName", ctypes.c_char_p, vp, sz)
    fn("uniqlinkRenameMapNewName", ctypes.c_char_p, vp, sz)


_lib = None
_lib_lock = threading.Lock()


def library():
    """The loaded libuniqlink-c (a ctypes.CDLL), loaded on first use."""
    global _lib
    with _lib_lock:
        if _lib is None:
            path = _find_library()
            try:
                lib = ctypes.CDLL(path)
            except OSError as e:
                raise UniqlinkError("uniqlink: cannot load %s: %s" % (path, e))
            _declare(lib)
            _lib = lib
        return _lib


def version():
    """E.g. '0.1.0 (LLVM 14.0.6)'."""
    return library().uniqlinkVersion().decode()


def _take_message(ptr):
    if not ptr.value:
        return ""
    try:
        return ctypes.string_at(ptr.value).decode(errors="replace")
    finally:
        library().uniqlinkDisposeMessage(ptr)


def llvm_version():
    """The LLVM this library reads IR with, e.g. '19.1.7'."""
    # "0.1.0 (LLVM 19.1.7)"
    text = version()
    try:
        return text.split("(LLVM ", 1)[1].rstrip(")").split(",")[0].strip()
    except IndexError:
        raise UniqlinkError("uniqlink: unexpected version string %r" % text)


def plan_renames(data, options="mode=hash"):
    """The renames the unique-linkonce pass would make in a module.

    data is the module's bitcode (bytes) or textual IR (str or bytes), of
    any LLVM this library can read. Returns {old name: new name}; raises
    UniqlinkError (naming the form and this library's LLVM) if the module
    cannot be read.
    """
    lib = library()
    if isinstance(data, str):
        data = data.encode()
    data = bytes(data)
    out_map, err = ctypes.c_void_p(), ctypes.c_void_p()
    if lib.uniqlinkPlanRenames(data, len(data), options.encode(),
                               ctypes.byref(out_map), ctypes.byref(err)):
        raise UniqlinkError(_take_message(err))
    try:
        return {
            lib.uniqlinkRenameMapOldName(out_map, i).decode():
            lib.uniqlinkRenameMapNewName(out_map, i).decode()
            for i in range(lib.uniqlinkRenameMapSize(out_map))
        }
    finally:
        lib.uniqlinkRenameMapDispose(out_map)


class Registry(object):
    """One symbol namespace of loaded objects (uniqlinkRegistry*)."""

    def __init__(self, flags=0):
        """flags: ADMIT_* flags used by every admit() and check()."""
        self._lib = library()
        self._flags = flags
        self._ref = ctypes.c_void_p(self._lib.uniqlinkRegistryCreate())

    def __del__(self):
        ref, self._ref = getattr(self, "_ref", None), None
        if ref:
            self._lib.uniqlinkRegistryDispose(ref)

    def admit(self, name, data, extra_flags=0):
        """Admits the object bytes data under name.

        Returns (status, handle, message): status is ACCEPTED, REJECTED or
        ERROR; handle is nonzero only when accepted; message explains a
        rejection or an error.
        """
        handle, err = ctypes.c_uint64(), ctypes.c_void_p()
        data = bytes(data)  # no copy for bytes; read only during the call
        status = self._lib.uniqlinkRegistryAdmitEx(
            self._ref, name.encode(errors="replace"), data, len(data),
            self._flags | extra_flags, ctypes.byref(handle),
            ctypes.byref(err))
        return status, handle.value, _take_message(err)

    def check(self, name, data):
        """Like admit() but records nothing; returns (status, message)."""
        err = ctypes.c_void_p()
        data = bytes(data)
        status = self._lib.uniqlinkRegistryCheck(
            self._ref, name.encode(errors="replace"), data, len(data),
            self._flags, ctypes.byref(err))
        return status, _take_message(err)

    def remove(self, handle):
        return bool(self._lib.uniqlinkRegistryRemove(self._ref, handle))

    @property
    def num_objects(self):
        return self._lib.uniqlinkRegistryNumObjects(self._ref)

    @property
    def num_symbols(self):
        return self._lib.uniqlinkRegistryNumSymbols(self._ref)
