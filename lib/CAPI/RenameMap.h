//===- RenameMap.h - The C API's rename map handle --------------*- C++ -*-===//
//
// UniqlinkRenameMapRef is a RenameResult owned by the caller. Both ways of
// getting one (renaming an LLVMModuleRef in place, planning renames from a
// serialized module) build it here.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_LIB_CAPI_RENAMEMAP_H
#define UNIQLINK_LIB_CAPI_RENAMEMAP_H

#include "uniqlink/Pass/UniqueLinkonce.h"

struct UniqlinkOpaqueRenameMap {
  uniqlink::RenameResult Result;
};

#endif // UNIQLINK_LIB_CAPI_RENAMEMAP_H
