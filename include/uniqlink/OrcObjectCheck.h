//===- uniqlink/OrcObjectCheck.h - Check objects before ORC links -*- C++ -*-//
//
// The load-time half of the JIT integration: every object is fingerprinted
// (uniqlink/Fingerprint.h) and admitted into the registry of its JITDylib
// (uniqlink/Registry.h) before it is linked. An object whose weak or strong
// definitions collide with a loaded definition of a different body is
// rejected with the checker's diagnostic: its materialization fails with that
// Error, nothing of it is linked, and the JIT keeps working.
//
//  * ObjectGate: the registries (one namespace per JITDylib) and which ORC
//    resource key owns which admitted object. Thread-safe.
//  * ObjectCheckPlugin: for ObjectLinkingLayer (JITLink). Its pass sits at
//    the front of PrePrunePasses: JITLink and ORC drop a duplicate weak
//    definition silently, and a pass added later does not see it at all.
//  * CheckingObjectLayer: an ObjectTransformLayer that checks each object
//    before handing it to its base layer, for RuntimeDyld setups (works over
//    any ObjectLayer).
//
// Both unregister an object when its ResourceTracker is removed or its link
// fails, so a different body can be added afterwards.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_ORCOBJECTCHECK_H
#define UNIQLINK_ORCOBJECTCHECK_H

#include "uniqlink/Compat.h"
#include "uniqlink/Registry.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ExecutionEngine/Orc/Core.h"
#include "llvm/ExecutionEngine/Orc/ObjectLinkingLayer.h"
#include "llvm/ExecutionEngine/Orc/ObjectTransformLayer.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBufferRef.h"
#include <memory>
#include <mutex>
#include <string>
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
  struct Namespace {
    std::unique_ptr<Registry> Reg;
    llvm::DenseMap<llvm::orc::ResourceKey, std::vector<ObjectHandle>> ByKey;
  };
  Namespace &namespaceFor(const llvm::orc::JITDylib &JD);

  RegistryOptions Options;
  mutable std::mutex Mutex;
  llvm::DenseMap<const llvm::orc::JITDylib *, Namespace> Namespaces;
  std::vector<Rejection> Rejections;
};

/// The JITLink plugin: add it with ObjectLinkingLayer::addPlugin.
class ObjectCheckPlugin : public compat::LinkPluginWithDylib<
                              llvm::orc::ObjectLinkingLayer::Plugin> {
public:
  explicit ObjectCheckPlugin(std::shared_ptr<ObjectGate> Gate);
  ~ObjectCheckPlugin() override;

  void notifyMaterializing(llvm::orc::MaterializationResponsibility &MR,
                           llvm::jitlink::LinkGraph &G,
                           llvm::jitlink::JITLinkContext &Ctx,
                           llvm::MemoryBufferRef InputObject) override;
  void modifyPassConfig(llvm::orc::MaterializationResponsibility &MR,
                        llvm::jitlink::LinkGraph &G,
                        llvm::jitlink::PassConfiguration &Config) override;
  llvm::Error
  notifyEmitted(llvm::orc::MaterializationResponsibility &MR) override;
  llvm::Error
  notifyFailed(llvm::orc::MaterializationResponsibility &MR) override;
  llvm::Error removeKeyResources(llvm::orc::JITDylib *JD,
                                 llvm::orc::ResourceKey K) override;
  void transferKeyResources(llvm::orc::JITDylib *JD,
                            llvm::orc::ResourceKey DstK,
                            llvm::orc::ResourceKey SrcK) override;

private:
  /// Per link in flight: the object's bytes, then the admitted handle.
  struct InFlight {
    llvm::MemoryBufferRef Object;
    ObjectHandle Handle = 0;
  };
  llvm::Error admitLink(llvm::orc::MaterializationResponsibility &MR,
                        llvm::jitlink::LinkGraph &G);
  /// Forgets the link of \p MR; returns its admitted handle, or 0.
  ObjectHandle takeHandle(llvm::orc::MaterializationResponsibility &MR);

  std::shared_ptr<ObjectGate> Gate;
  std::mutex Mutex;
  llvm::DenseMap<llvm::orc::MaterializationResponsibility *, InFlight> Links;
};

/// An ObjectTransformLayer that admits each object into the gate before its
/// (optional) transform runs and the object reaches \p Base. Rejected objects
/// fail their materialization with the collision error. Registers itself
/// with the session for resource removal.
class CheckingObjectLayer
    : public llvm::orc::ObjectTransformLayer,
      private compat::ResourceManagerWithDylib<llvm::orc::ResourceManager> {
public:
  CheckingObjectLayer(llvm::orc::ExecutionSession &ES,
                      llvm::orc::ObjectLayer &Base,
                      std::shared_ptr<ObjectGate> Gate,
                      TransformFunction Transform = TransformFunction());
  ~CheckingObjectLayer() override;

  void emit(std::unique_ptr<llvm::orc::MaterializationResponsibility> R,
            std::unique_ptr<llvm::MemoryBuffer> O) override;

private:
  llvm::Error removeKeyResources(llvm::orc::JITDylib *JD,
                                 llvm::orc::ResourceKey K) override;
  void transferKeyResources(llvm::orc::JITDylib *JD,
                            llvm::orc::ResourceKey DstK,
                            llvm::orc::ResourceKey SrcK) override;

  std::shared_ptr<ObjectGate> Gate;
};

/// Wraps an owned base layer in a CheckingObjectLayer, so that the pair can
/// be handed to LLJITBuilder as its linking layer.
std::unique_ptr<llvm::orc::ObjectLayer>
createCheckingObjectLayer(llvm::orc::ExecutionSession &ES,
                          std::unique_ptr<llvm::orc::ObjectLayer> Base,
                          std::shared_ptr<ObjectGate> Gate);

} // namespace uniqlink

#endif // UNIQLINK_ORCOBJECTCHECK_H
