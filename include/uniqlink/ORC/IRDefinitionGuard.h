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
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ExecutionEngine/Orc/Core.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/ThreadSafeModule.h"
#include "llvm/Support/Error.h"
#include <mutex>
#include <string>
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

} // namespace uniqlink

#endif // UNIQLINK_ORC_IRDEFINITIONGUARD_H
