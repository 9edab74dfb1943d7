//===- RenameModule.cpp - C API: rename an LLVMModuleRef in place ---------===//
//
// uniqlinkRenameLinkonce over renameLinkonceDefinitions. The module belongs to
// the caller's LLVM, so this file is only in the libuniqlink-c.so that shares
// the system's libLLVM; the standalone library (its own LLVM linked in)
// leaves it out and offers uniqlinkPlanRenames instead.
//
//===----------------------------------------------------------------------===//

#include "CAPIUtil.h"
#include "RenameMap.h"
#include "uniqlink-c/uniqlink.h"
#include "llvm/IR/Module.h"

using namespace llvm;
using namespace uniqlink;

extern "C" {

int uniqlinkRenameLinkonce(LLVMModuleRef MRef, const char *Options,
                           UniqlinkRenameMapRef *OutMap, char **OutError) {
  capi::clearRenameOutputs(OutMap, OutError);
  if (!MRef) {
    capi::setError(OutError, createStringError(inconvertibleErrorCode(),
                                               "uniqlink: no module"));
    return 1;
  }
  return capi::renameAndHandOver(
      Options,
      [&]() -> Expected<Module &> { return *reinterpret_cast<Module *>(MRef); },
      OutMap, OutError);
}

} // extern "C"
