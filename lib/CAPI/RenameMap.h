//===- RenameMap.h - The C API's rename map handle --------------*- C++ -*-===//
//
// UniqlinkRenameMapRef is a RenameResult owned by the caller. Both ways of
// getting one (renaming an LLVMModuleRef in place, planning renames from a
// serialized module) build it here, through renameAndHandOver.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_LIB_CAPI_RENAMEMAP_H
#define UNIQLINK_LIB_CAPI_RENAMEMAP_H

#include "uniqlink-c/uniqlink.h"
#include "uniqlink/Pass/UniqueLinkonce.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

namespace llvm {
class Module;
} // namespace llvm

struct UniqlinkOpaqueRenameMap {
  uniqlink::RenameResult Result;
};

namespace uniqlink {
namespace capi {

/// Clears both outputs of a rename entry point, before anything can fail.
void clearRenameOutputs(UniqlinkRenameMapRef *OutMap, char **OutError);

/// What both rename entry points do once their input is there: parse
/// \p Options (before the module is read, so a bad option is what the caller
/// hears about first), get the module from \p GetModule, rename it and hand
/// the map over in *OutMap. Returns 0, or 1 with the message in *OutError.
int renameAndHandOver(
    const char *Options,
    llvm::function_ref<llvm::Expected<llvm::Module &>()> GetModule,
    UniqlinkRenameMapRef *OutMap, char **OutError);

} // namespace capi
} // namespace uniqlink

#endif // UNIQLINK_LIB_CAPI_RENAMEMAP_H
