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

} // extern "C"
