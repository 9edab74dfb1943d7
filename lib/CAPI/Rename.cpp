//===- Rename.cpp - C API: rename linkonce definitions in place -----------===//
//
// uniqlinkRenameLinkonce over renameLinkonceDefinitions; the map is the
// RenameResult, owned by the caller through an opaque handle.
//
//===----------------------------------------------------------------------===//

#include "CAPIUtil.h"
#include "uniqlink-c/uniqlink.h"
#include "uniqlink/UniqueLinkonce.h"
#include "llvm/IR/Module.h"

using namespace llvm;
using namespace uniqlink;

struct UniqlinkOpaqueRenameMap {
  RenameResult Result;
};

extern "C" {

int uniqlinkRenameLinkonce(LLVMModuleRef MRef, const char *Options,
                           UniqlinkRenameMapRef *OutMap, char **OutError) {
  if (OutMap)
    *OutMap = nullptr;
  if (OutError)
    *OutError = nullptr;
  if (!MRef) {
    capi::setError(OutError, createStringError(inconvertibleErrorCode(),
                                               "uniqlink: no module"));
    return 1;
  }
  auto Opts = parseUniqueLinkonceOptions(Options ? Options : "");
  if (!Opts) {
    capi::setError(OutError, Opts.takeError());
    return 1;
  }
  Module *M = reinterpret_cast<Module *>(MRef);
  auto R = renameLinkonceDefinitions(*M, *Opts);
  if (!R) {
    capi::setError(OutError, R.takeError());
    return 1;
  }
  if (OutMap)
    *OutMap = new UniqlinkOpaqueRenameMap{std::move(*R)};
  return 0;
}

void uniqlinkRenameMapDispose(UniqlinkRenameMapRef Map) { delete Map; }

size_t uniqlinkRenameMapSize(UniqlinkRenameMapRef Map) {
  return Map ? Map->Result.Renamed.size() : 0;
}

const char *uniqlinkRenameMapOldName(UniqlinkRenameMapRef Map, size_t I) {
  if (!Map || I >= Map->Result.Renamed.size())
    return nullptr;
  return Map->Result.Renamed[I].OldName.c_str();
}

const char *uniqlinkRenameMapNewName(UniqlinkRenameMapRef Map, size_t I) {
  if (!Map || I >= Map->Result.Renamed.size())
    return nullptr;
  return Map->Result.Renamed[I].NewName.c_str();
}

uint64_t uniqlinkRenameMapHash(UniqlinkRenameMapRef Map, size_t I) {
  if (!Map || I >= Map->Result.Renamed.size())
    return 0;
  return Map->Result.Renamed[I].ContentHash;
}

const char *uniqlinkRenameMapLookup(UniqlinkRenameMapRef Map,
                                    const char *OldName) {
  if (!Map || !OldName)
    return nullptr;
  for (const RenameEntry &E : Map->Result.Renamed)
    if (E.OldName == OldName)
      return E.NewName.c_str();
  return nullptr;
}

} // extern "C"
