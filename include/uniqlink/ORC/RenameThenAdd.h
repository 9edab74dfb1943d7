//===- uniqlink/ORC/RenameThenAdd.h - Rename, then add to LLJIT -*- C++ -*-===//
//
// "Rename, then add" (addIRModuleUnique): ORC computes a module's symbol
// table inside addIRModule and drops a second weak definition of a name right
// there (the body becomes available_externally), so the rename must run
// before the module is handed to ORC. An IRTransformLayer is too late.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_ORC_RENAMETHENADD_H
#define UNIQLINK_ORC_RENAMETHENADD_H

#include "uniqlink/Pass/UniqueLinkonce.h"
#include "llvm/ExecutionEngine/Orc/Core.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/ThreadSafeModule.h"
#include "llvm/Support/Error.h"
#include <optional>
#include <string>

namespace uniqlink {

/// Renames the linkonce definitions of \p TSM (renameLinkonceDefinitions with
/// \p Opts), then adds it to \p J under \p RT. Returns the rename map; use
/// renamedSymbol() to find a helper's new name. Nothing is added on error.
llvm::Expected<RenameResult>
addIRModuleUnique(llvm::orc::LLJIT &J, llvm::orc::ResourceTrackerSP RT,
                  llvm::orc::ThreadSafeModule TSM,
                  const UniqueLinkonceOptions &Opts = {});

/// As above, into \p JD's default resource tracker.
llvm::Expected<RenameResult>
addIRModuleUnique(llvm::orc::LLJIT &J, llvm::orc::JITDylib &JD,
                  llvm::orc::ThreadSafeModule TSM,
                  const UniqueLinkonceOptions &Opts = {});

/// The new name of \p OldName in \p R, if it was renamed.
std::optional<std::string> renamedSymbol(const RenameResult &R,
                                         llvm::StringRef OldName);

} // namespace uniqlink

#endif // UNIQLINK_ORC_RENAMETHENADD_H
