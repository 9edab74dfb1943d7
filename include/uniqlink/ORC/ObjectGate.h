//===- uniqlink/ORC/ObjectGate.h - Admit objects per JITDylib ---*- C++ -*-===//
//
// The load-time half of the JIT integration: every object is fingerprinted
// (uniqlink/Check/Fingerprint.h) and admitted into the registry of its
// JITDylib (uniqlink/Check/Registry.h) before it is linked. An object whose
// weak or strong definitions collide with a loaded definition of a different
// body is rejected with the checker's diagnostic: its materialization fails
// with that Error, nothing of it is linked, and the JIT keeps working.
//
// ObjectGate holds the registries (one namespace per JITDylib) and which ORC
// resource key owns which admitted object. Thread-safe. Two front ends feed
// it: ObjectCheckPlugin (JITLink) and CheckingObjectLayer (RuntimeDyld or any
// ObjectLayer). Both unregister an object when its ResourceTracker is
// removed, so a different body can be added afterwards; ObjectCheckPlugin
// also when its link fails (CheckingObjectLayer cannot see a failure of its
// base layer: such an object stays registered until its tracker goes).
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_ORC_OBJECTGATE_H
#define UNIQLINK_ORC_OBJECTGATE_H

#include "uniqlink/Check/Fingerprint.h"
#include "uniqlink/Check/Registry.h"
#include "uniqlink/ORC/DylibNamespaces.h"
#include "llvm/ExecutionEngine/Orc/Core.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBufferRef.h"
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace uniqlink {

/// An object the gate refused, for tools that print a report.
struct Rejection {
  std::string Origin;
  std::string JITDylib;
  std::string Message;
};

class ObjectGate {
public:
  explicit ObjectGate(RegistryOptions Options = {});
  ~ObjectGate();
  ObjectGate(const ObjectGate &) = delete;
  ObjectGate &operator=(const ObjectGate &) = delete;

  /// Fingerprints \p Obj and admits it into \p JD's registry. On success
  /// returns the registry handle (not yet owned by any resource key: call
  /// attach() or release()). On a collision returns the CollisionError and
  /// logs a Rejection.
  llvm::Expected<ObjectHandle> admit(const llvm::orc::JITDylib &JD,
                                     llvm::MemoryBufferRef Obj,
                                     llvm::StringRef Origin);

  /// Makes \p K the owner of admitted object \p H (removed with K).
  void attach(const llvm::orc::JITDylib &JD, llvm::orc::ResourceKey K,
              ObjectHandle H);

  /// Makes \p MR's resource key the owner of admitted object \p H. If its
  /// tracker is gone already, unregisters \p H and returns ORC's error.
  llvm::Error attach(llvm::orc::MaterializationResponsibility &MR,
                     ObjectHandle H);

  /// Unregisters one admitted object (e.g. after a failed link).
  void release(const llvm::orc::JITDylib &JD, ObjectHandle H);

  /// Unregisters every object owned by \p K. A null \p JD means the
  /// JITDylib that holds \p K (ORC before LLVM 16 does not say which).
  void removeResources(const llvm::orc::JITDylib *JD, llvm::orc::ResourceKey K);
  void transferResources(const llvm::orc::JITDylib *JD,
                         llvm::orc::ResourceKey DstK,
                         llvm::orc::ResourceKey SrcK);

  /// The registry of \p JD's namespace (created on first use).
  Registry &registryFor(const llvm::orc::JITDylib &JD);

  /// Every rejection so far, in order.
  std::vector<Rejection> rejections() const;

private:
  /// \p JD's registry, created on first use; Mutex held.
  Registry &registryLocked(const llvm::orc::JITDylib &JD);

  RegistryOptions Options;
  mutable std::mutex Mutex;
  /// Per JITDylib its registry and the objects each resource key owns.
  DylibNamespaces<std::unique_ptr<Registry>, ObjectHandle> Namespaces;
  std::vector<Rejection> Rejections;
  /// Idle fingerprint workspaces: admit() takes one (or makes one, when all
  /// are in use by concurrent admits) and gives it back.
  std::vector<std::unique_ptr<FingerprintWorkspace>> Workspaces;
};

/// The resource callbacks of a gate's front ends (ObjectCheckPlugin,
/// CheckingObjectLayer): removing a resource key unregisters the objects it
/// owns, transferring one hands them on. \p BaseT is
/// compat::LinkPluginWithDylib or compat::ResourceManagerWithDylib.
template <typename BaseT> class GateResourceCallbacks : public BaseT {
public:
  llvm::Error removeKeyResources(llvm::orc::JITDylib *JD,
                                 llvm::orc::ResourceKey K) override {
    Gate->removeResources(JD, K);
    return llvm::Error::success();
  }
  void transferKeyResources(llvm::orc::JITDylib *JD,
                            llvm::orc::ResourceKey DstK,
                            llvm::orc::ResourceKey SrcK) override {
    Gate->transferResources(JD, DstK, SrcK);
  }

protected:
  explicit GateResourceCallbacks(std::shared_ptr<ObjectGate> Gate)
      : Gate(std::move(Gate)) {}

  std::shared_ptr<ObjectGate> Gate;
};

} // namespace uniqlink

#endif // UNIQLINK_ORC_OBJECTGATE_H
