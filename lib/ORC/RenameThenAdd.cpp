//===- RenameThenAdd.cpp - Rename linkonce definitions, then add ----------===//
//
// ORC builds a module's symbol table inside addIRModule; a duplicate weak
// definition is dropped there. So the rename runs on the module before ORC
// sees it, under the module's context lock.
//
//===----------------------------------------------------------------------===//

#include "uniqlink/ORC/RenameThenAdd.h"

using namespace llvm;
using namespace llvm::orc;

namespace uniqlink {

Expected<RenameResult> addIRModuleUnique(LLJIT &J, ResourceTrackerSP RT,
                                         ThreadSafeModule TSM,
                                         const UniqueLinkonceOptions &Opts) {
  if (!TSM)
    return createStringError(inconvertibleErrorCode(),
                             "uniqlink: addIRModuleUnique: no module");
  auto Renamed = TSM.withModuleDo(
      [&](Module &M) { return renameLinkonceDefinitions(M, Opts); });
  if (!Renamed)
    return Renamed.takeError();
  if (Error Err = J.addIRModule(std::move(RT), std::move(TSM)))
    return std::move(Err);
  return std::move(*Renamed);
}

Expected<RenameResult> addIRModuleUnique(LLJIT &J, JITDylib &JD,
                                         ThreadSafeModule TSM,
                                         const UniqueLinkonceOptions &Opts) {
  return addIRModuleUnique(J, JD.getDefaultResourceTracker(), std::move(TSM),
                           Opts);
}

std::optional<std::string> renamedSymbol(const RenameResult &R,
                                         StringRef OldName) {
  for (const RenameEntry &E : R.Renamed)
    if (E.OldName == OldName)
      return E.NewName;
  return std::nullopt;
}

} // namespace uniqlink
