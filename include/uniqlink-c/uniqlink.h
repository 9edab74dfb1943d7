/*===- uniqlink-c/uniqlink.h - The uniqlink C API ---------------*- C -*-===*\
|*                                                                            *|
|* A stable, plain C99 interface to uniqlink for JITs that reach LLVM through *|
|* C or ctypes (llvmlite/numba, Julia, ...). Only ints, size_t, uint64_t,     *|
|* char pointers and opaque handles cross it, so ctypes can call it without   *|
|* a header parser.                                                           *|
|*                                                                            *|
|* Ownership rules:                                                           *|
|*  - Every handle created by a ...Create/...Rename function is owned by the  *|
|*    caller and released with the matching ...Dispose function. Passing     *|
|*    NULL to a ...Dispose function does nothing.                             *|
|*  - A `char *` returned through an `OutError` parameter is allocated by the *|
|*    library; free it with uniqlinkDisposeMessage (never with free()).       *|
|*  - A `const char *` returned by a getter is owned by the object it came    *|
|*    from and valid until that object is disposed.                           *|
|*  - Input buffers are only read during the call; nothing keeps them.        *|
|*  - A registry may be used from several threads at once.                    *|
|*  - An LLVMModuleRef must come from the same LLVM that this library links   *|
|*    (libLLVM-19 on Debian). A JIT on another LLVM (llvmlite's own static    *|
|*    copy, another major) hands its module over as bitcode or text to        *|
|*    uniqlinkPlanRenames and applies the names with its own LLVM.            *|
|*                                                                            *|
|* Two builds of this API exist. libuniqlink-c.so shares the system's         *|
|* libLLVM and has every function below. libuniqlink-c-standalone.so links    *|
|* its own LLVM statically, exports nothing but the uniqlink* functions (so   *|
|* it can sit beside any other LLVM in one process) and has no function that  *|
|* takes an LLVMModuleRef (uniqlinkRenameLinkonce).                           *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/
#ifndef UNIQLINK_C_UNIQLINK_H
#define UNIQLINK_C_UNIQLINK_H

#include "llvm-c/Types.h"
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define UNIQLINK_C_API __attribute__((visibility("default")))
#else
#define UNIQLINK_C_API
#endif

/* "0.1.0 (LLVM 19.1.x)". Static storage; do not free. */
UNIQLINK_C_API const char *uniqlinkVersion(void);

/* Frees a message returned through an OutError parameter. NULL is fine. */
UNIQLINK_C_API void uniqlinkDisposeMessage(char *Message);

/*===-- Load-time check: a registry of loaded definitions -----------------===*/

/* One symbol namespace (use one per JITDylib / per process image). */
typedef struct UniqlinkOpaqueRegistry *UniqlinkRegistryRef;

/* Identifies one admitted object; never 0. */
typedef uint64_t UniqlinkObjectHandle;

/* Results of uniqlinkRegistryAdmit. */
enum {
  UNIQLINK_ACCEPTED = 0, /* admitted; *OutHandle is set */
  UNIQLINK_REJECTED = 1, /* a symbol collides with a different loaded body */
  UNIQLINK_ERROR = 2     /* not a valid object, or bad arguments */
};

/* A new empty registry. Dispose with uniqlinkRegistryDispose. */
UNIQLINK_C_API UniqlinkRegistryRef uniqlinkRegistryCreate(void);
UNIQLINK_C_API void uniqlinkRegistryDispose(UniqlinkRegistryRef R);

/* Fingerprints the relocatable object in Data[0..Size) and, if none of its
 * definitions collides with a loaded one, records them all under the name
 * Name (used in diagnostics; may be NULL). Returns UNIQLINK_ACCEPTED and sets
 * *OutHandle (if OutHandle is not NULL). Otherwise returns UNIQLINK_REJECTED
 * or UNIQLINK_ERROR, records nothing, and sets *OutError (if OutError is not
 * NULL) to the diagnostic, which the caller frees with
 * uniqlinkDisposeMessage. */
UNIQLINK_C_API int uniqlinkRegistryAdmit(UniqlinkRegistryRef R,
                                         const char *Name, const void *Data,
                                         size_t Size,
                                         UniqlinkObjectHandle *OutHandle,
                                         char **OutError);

/* Flags for uniqlinkRegistryAdmitEx. */
enum {
  /* Definitions whose names carry the unique-linkonce suffix
   * (`<name>.__ul.<hash>...`) are admitted without comparing their bodies:
   * the name already identifies the IR they were compiled from. For JITs
   * that link one module's output into later modules and optimize it again
   * (numba): the copies mean the same function, their bytes may differ. */
  UNIQLINK_ADMIT_TRUST_UNIQUE_NAMES = 1,
  /* Definitions that collide with loaded ones are left out (the loaded ones
   * stay) and the rest of the object is admitted. For objects known to be
   * compiled from the same source as what they collide with (one process's
   * own compilations, whose names come from one counter). */
  UNIQLINK_ADMIT_KEEP_LOADED = 2
};

/* uniqlinkRegistryAdmit with Flags, a bitwise or of UNIQLINK_ADMIT_* (0 is
 * uniqlinkRegistryAdmit). Trusted or left-out definitions are neither
 * compared nor recorded. */
UNIQLINK_C_API int uniqlinkRegistryAdmitEx(UniqlinkRegistryRef R,
                                           const char *Name, const void *Data,
                                           size_t Size, unsigned Flags,
                                           UniqlinkObjectHandle *OutHandle,
                                           char **OutError);

/* Like uniqlinkRegistryAdmitEx (UNIQLINK_ADMIT_TRUST_UNIQUE_NAMES applies)
 * but records nothing: would the object be admitted now? */
UNIQLINK_C_API int uniqlinkRegistryCheck(UniqlinkRegistryRef R,
                                         const char *Name, const void *Data,
                                         size_t Size, unsigned Flags,
                                         char **OutError);

/* Unregisters the object admitted as Handle. Returns 1 if it was loaded. */
UNIQLINK_C_API int uniqlinkRegistryRemove(UniqlinkRegistryRef R,
                                          UniqlinkObjectHandle Handle);

/* Unregisters every object admitted under Name; returns how many. */
UNIQLINK_C_API size_t uniqlinkRegistryRemoveName(UniqlinkRegistryRef R,
                                                 const char *Name);

/* Number of registered symbol names / loaded objects. */
UNIQLINK_C_API size_t uniqlinkRegistryNumSymbols(UniqlinkRegistryRef R);
UNIQLINK_C_API size_t uniqlinkRegistryNumObjects(UniqlinkRegistryRef R);

/*===-- Compile-time rename: unique linkonce_odr names --------------------===*/

/* What one rename did. */
typedef struct UniqlinkOpaqueRenameMap *UniqlinkRenameMapRef;

/* Renames, in place, the linkonce definitions of M (the unique-linkonce
 * pass). Options uses the pass parameter syntax, e.g. "mode=hash" or
 * "mode=hash+uuid;uuid=42;linkages=linkonce_odr+weak_odr"; NULL or "" means
 * the defaults. On success returns 0 and sets *OutMap (if OutMap is not NULL;
 * dispose with uniqlinkRenameMapDispose). On failure returns nonzero, leaves
 * M unchanged and sets *OutError (free with uniqlinkDisposeMessage). */
UNIQLINK_C_API int uniqlinkRenameLinkonce(LLVMModuleRef M, const char *Options,
                                          UniqlinkRenameMapRef *OutMap,
                                          char **OutError);

/* Plans, without changing anything the caller owns, the renames the
 * unique-linkonce pass would make in the module serialized in Data[0..Size):
 * bitcode (it starts with the bitcode magic) or textual IR. The module is
 * read with this library's own LLVM, which reads the bitcode of every older
 * LLVM and, in general, not that of a newer one; textual IR of older majors
 * parses where its syntax is still accepted. Apply the map with the caller's
 * own LLVM (LLVMSetValueName on each old name): the new names are exactly
 * those uniqlinkRenameLinkonce would give the same module. Options as for
 * uniqlinkRenameLinkonce. On success returns 0 and sets *OutMap (if OutMap is
 * not NULL). On failure (unreadable or invalid module, bad options) returns
 * nonzero and sets *OutError to a message naming the form and this library's
 * LLVM version. */
UNIQLINK_C_API int uniqlinkPlanRenames(const void *Data, size_t Size,
                                       const char *Options,
                                       UniqlinkRenameMapRef *OutMap,
                                       char **OutError);

UNIQLINK_C_API void uniqlinkRenameMapDispose(UniqlinkRenameMapRef Map);

/* Number of renamed symbols, and entry I (0 <= I < size) of the map. Out of
 * range: NULL / 0. */
UNIQLINK_C_API size_t uniqlinkRenameMapSize(UniqlinkRenameMapRef Map);
UNIQLINK_C_API const char *uniqlinkRenameMapOldName(UniqlinkRenameMapRef Map,
                                                    size_t I);
UNIQLINK_C_API const char *uniqlinkRenameMapNewName(UniqlinkRenameMapRef Map,
                                                    size_t I);
UNIQLINK_C_API uint64_t uniqlinkRenameMapHash(UniqlinkRenameMapRef Map,
                                              size_t I);

/* The new name of OldName, or NULL if it was not renamed. */
UNIQLINK_C_API const char *uniqlinkRenameMapLookup(UniqlinkRenameMapRef Map,
                                                   const char *OldName);

#ifdef __cplusplus
}
#endif

#endif /* UNIQLINK_C_UNIQLINK_H */
