//===- Registry.cpp - C API: the load-time registry -----------------------===//
//
// uniqlinkRegistry* over uniqlink::Registry: fingerprint an object from a
// memory buffer and admit it, or explain why not. With
// UNIQLINK_ADMIT_TRUST_UNIQUE_NAMES, renamed (`.__ul.`) definitions are left
// out: their name already stands for their IR.
//
//===----------------------------------------------------------------------===//

#include "uniqlink/Registry.h"
#include "CAPIUtil.h"
#include "uniqlink-c/uniqlink.h"
#include "uniqlink/Fingerprint.h"
#include "uniqlink/UniqueLinkonce.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MemoryBufferRef.h"

using namespace llvm;
using namespace uniqlink;

struct UniqlinkOpaqueRegistry {
  Registry Reg;
};

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
  if (OutError)
    *OutError = nullptr;
  if (!R || (!Data && Size)) {
    capi::setError(OutError,
                   createStringError(inconvertibleErrorCode(),
                                     "uniqlink: no registry or no data"));
    return UNIQLINK_ERROR;
  }
  StringRef Origin = Name ? Name : "<memory>";
  MemoryBufferRef Buf(StringRef(static_cast<const char *>(Data), Size), Origin);
  auto FP = fingerprintObjectBuffer(Buf, Origin);
  if (!FP) {
    capi::setError(OutError, FP.takeError());
    return UNIQLINK_ERROR;
  }
  if (Flags & UNIQLINK_ADMIT_TRUST_UNIQUE_NAMES)
    llvm::erase_if(FP->Symbols, [](const SymbolFingerprint &S) {
      return isUniqueLinkonceName(S.Name);
    });
  auto A = R->Reg.admit(std::move(*FP));
  if (!A) {
    int Status =
        A.errorIsA<CollisionError>() ? UNIQLINK_REJECTED : UNIQLINK_ERROR;
    capi::setError(OutError, A.takeError());
    return Status;
  }
  if (OutHandle)
    *OutHandle = A->Handle;
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
