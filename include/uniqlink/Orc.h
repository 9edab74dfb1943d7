//===- uniqlink/Orc.h - uniqlink inside an LLJIT pipeline -------*- C++ -*-===//
//
// The compile-time half of the JIT integration:
//
//  * "rename, then add" (addIRModuleUnique): ORC computes a module's symbol
//    table inside addIRModule and drops a second weak definition of a name
//    right there (the body becomes available_externally), so the rename must
//    run before the module is handed to ORC. An IRTransformLayer is too late.
//  * IRDefinitionGuard: for modules that are not renamed, refuses a module
//    whose weak definitions collide (same name, different IR content hash)
//    with definitions already added to the same JITDylib. Forgets a module's
//    definitions when its ResourceTracker is removed.
//  * createLLJIT: an LLJIT with a chosen linker (JITLink or RuntimeDyld), an
//    optional object cache and an optional object-level checker (see
//    OrcObjectCheck.h).
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_ORC_H
#define UNIQLINK_ORC_H

#include "uniqlink/Compat.h"
#include "uniqlink/UniqueLinkonce.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ExecutionEngine/Orc/Core.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/ThreadSafeModule.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace llvm {
class ObjectCache;
} // namespace llvm

namespace uniqlink {

class ObjectGate;

//===-- Rename, then add --------------------------------------------------===//

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

//===-- IR-level check ----------------------------------------------------===//

/// Remembers, per JITDylib, the IR content hash of every weak definition
/// (linkonce, linkonce_odr, weak, weak_odr) added through it, and refuses a
/// module that defines one of those names with a different hash. Identical
/// bodies are accepted. Thread-safe; registers itself with the session so
/// that removing a ResourceTracker forgets what was added under it.
class IRDefinitionGuard
    : public compat::ResourceManagerWithDylib<llvm::orc::ResourceManager> {
public:
  explicit IRDefinitionGuard(llvm::orc::ExecutionSession &ES);
  ~IRDefinitionGuard() override;
  IRDefinitionGuard(const IRDefinitionGuard &) = delete;
  IRDefinitionGuard &operator=(const IRDefinitionGuard &) = delete;

  /// Checks \p M against the definitions recorded for \p RT's JITDylib and
  /// records its weak definitions under \p RT. On a collision returns an
  /// error naming the symbol and both modules, and records nothing.
  llvm::Error admit(llvm::orc::ResourceTracker &RT, const llvm::Module &M);

  /// admit(), then J.addIRModule(RT, TSM); forgets the module again if the
  /// add fails.
  llvm::Error addIRModule(llvm::orc::LLJIT &J, llvm::orc::ResourceTrackerSP RT,
                          llvm::orc::ThreadSafeModule TSM);

  /// Number of weak definitions recorded for \p JD.
  size_t numDefinitions(const llvm::orc::JITDylib &JD) const;

  /// Resource callbacks; a null \p JD means the JITDylib that holds \p K.
  llvm::Error removeKeyResources(llvm::orc::JITDylib *JD,
                                 llvm::orc::ResourceKey K) override;
  void transferKeyResources(llvm::orc::JITDylib *JD,
                            llvm::orc::ResourceKey DstK,
                            llvm::orc::ResourceKey SrcK) override;

private:
  struct Definition {
    uint64_t Hash = 0;
    std::string Origin;
    /// Resource keys that added this definition (identical duplicates).
    llvm::SmallVector<llvm::orc::ResourceKey, 1> Owners;
  };
  struct Namespace {
    llvm::StringMap<Definition> Defs;
    llvm::DenseMap<llvm::orc::ResourceKey, std::vector<std::string>> ByKey;
  };

  void forget(Namespace &NS, llvm::orc::ResourceKey K);
  /// \p JD's namespace, or with a null \p JD the one that holds \p K.
  Namespace *namespaceOf(const llvm::orc::JITDylib *JD,
                         llvm::orc::ResourceKey K);

  llvm::orc::ExecutionSession &ES;
  mutable std::mutex Mutex;
  llvm::DenseMap<const llvm::orc::JITDylib *, Namespace> Namespaces;
};

//===-- An LLJIT set up for uniqlink --------------------------------------===//

enum class LinkerKind { JITLink, RTDyld };

/// "jitlink" / "rtdyld".
llvm::StringRef linkerName(LinkerKind K);

struct JITConfig {
  LinkerKind Linker = LinkerKind::JITLink;
  /// If set, every object is checked by this gate before it is linked
  /// (ObjectCheckPlugin for JITLink, CheckingObjectLayer for RuntimeDyld).
  std::shared_ptr<ObjectGate> Gate;
  /// If set, compiled objects are handed to this cache (not owned; must
  /// outlive the JIT).
  llvm::ObjectCache *Cache = nullptr;
};

/// Builds an in-process LLJIT for the host as \p Config says. The native
/// target must be initialized (InitializeNativeTarget and friends).
llvm::Expected<std::unique_ptr<llvm::orc::LLJIT>>
createLLJIT(const JITConfig &Config);

} // namespace uniqlink

#endif // UNIQLINK_ORC_H
