"""Drives libuniqlink-c.so through ctypes, as numba/llvmlite would.

Usage: ctypes_registry.py <libdir> <a.o> <b.o> <a-again.o>
a.o and a-again.o define the same linkonce_odr helper body, b.o a
different one. Prints one line per step for FileCheck.
"""
import ctypes
import os
import sys

lib = ctypes.CDLL(os.path.join(sys.argv[1], "libuniqlink-c.so"))
lib.uniqlinkVersion.restype = ctypes.c_char_p
lib.uniqlinkRegistryCreate.restype = ctypes.c_void_p
lib.uniqlinkRegistryDispose.argtypes = [ctypes.c_void_p]
lib.uniqlinkRegistryAdmit.argtypes = [
    ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t,
    ctypes.POINTER(ctypes.c_uint64), ctypes.POINTER(ctypes.c_void_p)]
lib.uniqlinkRegistryRemove.argtypes = [ctypes.c_void_p, ctypes.c_uint64]
lib.uniqlinkRegistryNumObjects.argtypes = [ctypes.c_void_p]
lib.uniqlinkRegistryNumObjects.restype = ctypes.c_size_t
lib.uniqlinkDisposeMessage.argtypes = [ctypes.c_void_p]

STATUS = {0: "accepted", 1: "rejected", 2: "error"}


def admit(reg, path):
    with open(path, "rb") as f:
        data = f.read()
    handle = ctypes.c_uint64(0)
    err = ctypes.c_void_p(None)
    name = os.path.basename(path).encode()
    rc = lib.uniqlinkRegistryAdmit(reg, name, data, len(data),
                                   ctypes.byref(handle), ctypes.byref(err))
    print("admit %s: %s" % (name.decode(), STATUS[rc]))
    if err.value:
        print(ctypes.string_at(err.value).decode())
        lib.uniqlinkDisposeMessage(err)
    return handle.value


print("version:", lib.uniqlinkVersion().decode())
reg = lib.uniqlinkRegistryCreate()
ha = admit(reg, sys.argv[2])
admit(reg, sys.argv[3])
hc = admit(reg, sys.argv[4])
print("objects:", lib.uniqlinkRegistryNumObjects(reg))
lib.uniqlinkRegistryRemove(reg, ha)
lib.uniqlinkRegistryRemove(reg, hc)
admit(reg, sys.argv[3])
lib.uniqlinkRegistryDispose(reg)
