"""ctypes bindings for libuniqlink-c.so (include/uniqlink-c/uniqlink.h).

Only the calls the Python side needs: the version, renaming the linkonce_odr
definitions of an LLVMModuleRef in place, and a registry that admits object
buffers. Messages and handles are released here, never by the caller.

The library is found, in order, at $UNIQLINK_C_LIBRARY, next to this package
(uniqlink/lib/libuniqlink-c.so), or by the dynamic loader's search path.
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
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib",
                        "libuniqlink-c.so")
    if os.path.exists(here):
        return here
    found = ctypes.util.find_library("uniqlink-c")
    if found:
        return found
    raise UniqlinkError(
        "uniqlink: libuniqlink-c.so not found; set UNIQLINK_C_LIBRARY to its "
        "path (e.g. build/lib/libuniqlink-c.so)")


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
    fn("uniqlinkRenameLinkonce", ctypes.c_int, vp, ctypes.c_char_p,
       ctypes.POINTER(vp), ctypes.POINTER(vp))
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


def rename_linkonce(module_ref, options="mode=hash"):
    """Renames the linkonce definitions of an LLVMModuleRef in place.

    module_ref is an address (int or ctypes pointer) of an llvm::Module of
    the libLLVM this library links. Returns {old name: new name}.
    """
    lib = library()
    ptr = ctypes.cast(module_ref, ctypes.c_void_p)
    out_map, err = ctypes.c_void_p(), ctypes.c_void_p()
    if lib.uniqlinkRenameLinkonce(ptr, options.encode(), ctypes.byref(out_map),
                                  ctypes.byref(err)):
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
