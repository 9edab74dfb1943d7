//===- uniqlink/ORC/ObjectCheckPlugin.h - Gate JITLink ----------*- C++ -*-===//
//
// The JITLink front end of ObjectGate. Its pass sits at the front of
// PrePrunePasses: JITLink and ORC drop a duplicate weak definition silently,
// and a pass added later does not see it at all.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_ORC_OBJECTCHECKPLUGIN_H
#define UNIQLINK_ORC_OBJECTCHECKPLUGIN_H

#include "uniqlink/Compat/ORC.h"
#include "uniqlink/ORC/ObjectGate.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ExecutionEngine/Orc/ObjectLinkingLayer.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBufferRef.h"
#include <memory>
#include <mutex>

namespace uniqlink {

/// The JITLink plugin: add it with ObjectLinkingLayer::addPlugin.
class ObjectCheckPlugin
    : public GateResourceCallbacks<
          compat::LinkPluginWithDylib<llvm::orc::ObjectLinkingLayer::Plugin>> {
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

  std::mutex Mutex;
  llvm::DenseMap<llvm::orc::MaterializationResponsibility *, InFlight> Links;
};

} // namespace uniqlink

#endif // UNIQLINK_ORC_OBJECTCHECKPLUGIN_H
