"""uniqlink from Python: ctypes bindings over libuniqlink-c.so.

uniqlink.numba.install() guards numba's on-disk cache against
numba/numba#10486 (see docs/numba.md). The bindings themselves are in
uniqlink._capi; set UNIQLINK_C_LIBRARY to the path of libuniqlink-c.so if it
is not next to this package or on the loader's search path.
"""

from uniqlink._capi import UniqlinkError, version  # noqa: F401

__all__ = ["UniqlinkError", "version"]
