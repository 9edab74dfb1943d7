//===- Registry.cpp - C API: the load-time registry -----------------------===//
//
// uniqlinkRegistry* over uniqlink::Registry: fingerprint an object from a
// memory buffer and admit it (or only check it), or explain why not. Flags:
// UNIQLINK_ADMIT_TRUST_UNIQUE_NAMES leaves out renamed (`.__ul.`)
// definitions, whose name already stands for their IR;
// UNIQLINK_ADMIT_KEEP_LOADED leaves out the definitions that collide.
//
//===----------------------------------------------------------------------===//

#include "uniqlink/Check/Registry.h"
#include "CAPIUtil.h"
#include "uniqlink-c/uniqlink.h"
#include "uniqlink/Check/Diagnostics.h"
#include "uniqlink/Check/Fingerprint.h"
#include "uniqlink/Format/SymbolName.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBufferRef.h"
#include <optional>
#include <vector>

using namespace llvm;
using namespace uniqlink;

struct UniqlinkOpaqueRegistry {
  Registry Reg;
};

/// Validates the arguments and fingerprints the object, applying the
/// UNIQLINK_ADMIT_TRUST_UNIQUE_NAMES filter. On failure sets *OutError and
/// returns std::nullopt. Always clears *OutError first.
static std::optional<ObjectFingerprint>
fingerprintArgs(UniqlinkRegistryRef R, const char *Name, const void *Data,
                size_t Size, unsigned Flags, char **OutError) {
  if (OutError)
    *OutError = nullptr;
  if (!R || (!Data && Size)) {
    capi::setError(OutError,
                   createStringError(inconvertibleErrorCode(),
                                     "uniqlink: no registry or no data"));
    return std::nullopt;
  }
  StringRef Origin = Name ? Name : "<memory>";
  MemoryBufferRef Buf(StringRef(static_cast<const char *>(Data), Size), Origin);
  auto FP = fingerprintObjectBuffer(Buf, Origin);
  if (!FP) {
    capi::setError(OutError, FP.takeError());
    return std::nullopt;
  }
  if (Flags & UNIQLINK_ADMIT_TRUST_UNIQUE_NAMES)
    llvm::erase_if(FP->Symbols, [](const SymbolFingerprint &S) {
      return isUniqueLinkonceName(S.Name);
    });
  return std::move(*FP);
}

/// UNIQLINK_REJECTED for a collision, UNIQLINK_ERROR otherwise.
static int failure(Error E, char **OutError) {
  int Status = E.isA<CollisionError>() ? UNIQLINK_REJECTED : UNIQLINK_ERROR;
  capi::setError(OutError, std::move(E));
  return Status;
}

extern "C" {

UniqlinkRegistryRef uniqlinkRegistryCreate(void) {
  return new UniqlinkOpaqueRegistry();
}

void uniqlinkRegistryDispose(UniqlinkRegistryRef R) { delete R; }

int uniqlinkRegistryAdmit(UniqlinkRegistryRef R, const char *Name,
                          const void *Data, size_t Size,
                          UniqlinkObjectHandle *OutHandle, char **OutError) {
  return uniqlinkRegistryAdmitEx(R, Name, Data, Size, 0, OutHandle, OutError);
}

int uniqlinkRegistryAdmitEx(UniqlinkRegistryRef R, const char *Name,
                            const void *Data, size_t Size, unsigned Flags,
                            UniqlinkObjectHandle *OutHandle, char **OutError) {
  if (OutHandle)
    *OutHandle = 0;
  auto FP = fingerprintArgs(R, Name, Data, Size, Flags, OutError);
  if (!FP)
    return UNIQLINK_ERROR;
  if (Flags & UNIQLINK_ADMIT_KEEP_LOADED) {
    // Leave out what collides; a concurrent admit() between check() and
    // admit() can still make admit() refuse the rest.
    auto C = R->Reg.check(*FP);
    if (!C) {
      std::vector<Collision> Collisions;
      if (Error E = takeCollisions(C.takeError(), Collisions)) {
        capi::setError(OutError, std::move(E));
        return UNIQLINK_ERROR;
      }
      StringSet<> Colliding;
      for (const Collision &Col : Collisions)
        Colliding.insert(Col.Name);
      llvm::erase_if(FP->Symbols, [&](const SymbolFingerprint &S) {
        return Colliding.contains(S.Name);
      });
    }
  }
  auto A = R->Reg.admit(std::move(*FP));
  if (!A)
    return failure(A.takeError(), OutError);
  if (OutHandle)
    *OutHandle = A->Handle;
  return UNIQLINK_ACCEPTED;
}

int uniqlinkRegistryCheck(UniqlinkRegistryRef R, const char *Name,
                          const void *Data, size_t Size, unsigned Flags,
                          char **OutError) {
  auto FP = fingerprintArgs(R, Name, Data, Size, Flags, OutError);
  if (!FP)
    return UNIQLINK_ERROR;
  auto C = R->Reg.check(*FP);
  if (!C)
    return failure(C.takeError(), OutError);
  return UNIQLINK_ACCEPTED;
}

int uniqlinkRegistryRemove(UniqlinkRegistryRef R, UniqlinkObjectHandle H) {
  return R && R->Reg.remove(H) ? 1 : 0;
}

size_t uniqlinkRegistryRemoveName(UniqlinkRegistryRef R, const char *Name) {
  return R && Name ? R->Reg.removeOrigin(Name) : 0;
}

size_t uniqlinkRegistryNumSymbols(UniqlinkRegistryRef R) {
  return R ? R->Reg.numSymbols() : 0;
}

size_t uniqlinkRegistryNumObjects(UniqlinkRegistryRef R) {
  return R ? R->Reg.numObjects() : 0;
}

} // extern "C"
