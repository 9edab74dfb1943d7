//===- uniqlink/ORC/IRDefinitionGuard.h - IR-level guard --------*- C++ -*-===//
//
// For modules that are not renamed: refuses a module whose weak definitions
// collide (same name, different IR content hash) with definitions already
// added to the same JITDylib. Forgets a module's definitions when its
// ResourceTracker is removed.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_ORC_IRDEFINITIONGUARD_H
#define UNIQLINK_ORC_IRDEFINITIONGUARD_H

#include "uniqlink/Compat/ORC.h"
#include "uniqlink/ORC/DylibNamespaces.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ExecutionEngine/Orc/Core.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/ThreadSafeModule.h"
#include "llvm/Support/Error.h"
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace uniqlink {

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

  /// admit(), then J.addIRModule(RT, TSM); forgets that module again (and
  /// only that one) if the add fails.
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
  /// One admitted module (its weak definitions), for removal. Never 0.
  using ModuleHandle = uint64_t;
  /// A recorded weak definition: the first admitted body's hash and module,
  /// and how many admitted modules hold it (identical duplicates).
  struct Definition {
    uint64_t Hash = 0;
    std::string Origin;
    size_t NumOwners = 0;
  };
  /// One JITDylib's definitions, and the names each admitted module holds.
  struct Table {
    llvm::StringMap<Definition> Defs;
    llvm::DenseMap<ModuleHandle, std::vector<std::string>> Modules;
  };
  using NameHashes = std::vector<std::pair<std::string, uint64_t>>;

  /// The collision diagnostic of \p Defs (from \p M) against \p T, or "".
  static std::string describeCollisions(const Table &T, const NameHashes &Defs,
                                        const llvm::Module &M,
                                        const llvm::orc::JITDylib &JD);
  /// Records \p Defs as one module of \p T from \p Origin; Mutex held.
  ModuleHandle record(Table &T, const NameHashes &Defs, llvm::StringRef Origin);
  /// Drops the names module \p H holds (a name goes with its last owner).
  static void forget(Table &T, ModuleHandle H);
  /// admit(), returning the handle of the module recorded under \p RT (0
  /// if it has no weak definitions); takes Mutex.
  llvm::Expected<ModuleHandle> admitModule(llvm::orc::ResourceTracker &RT,
                                           const llvm::Module &M);
  /// Forgets every module \p K owns in \p JD (null: wherever K owns some);
  /// takes Mutex.
  void forgetKey(const llvm::orc::JITDylib *JD, llvm::orc::ResourceKey K);
  /// Forgets module \p H, which \p K owns in \p JD; takes Mutex.
  void forgetModule(const llvm::orc::JITDylib &JD, llvm::orc::ResourceKey K,
                    ModuleHandle H);

  llvm::orc::ExecutionSession &ES;
  mutable std::mutex Mutex;
  /// Per JITDylib its table and the modules each resource key owns.
  DylibNamespaces<Table, ModuleHandle> Namespaces;
  ModuleHandle NextHandle = 1;
};

} // namespace uniqlink

#endif // UNIQLINK_ORC_IRDEFINITIONGUARD_H
