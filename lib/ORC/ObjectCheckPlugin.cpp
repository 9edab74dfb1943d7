//===- ObjectCheckPlugin.cpp - Check objects inside JITLink ---------------===//
//
// The JITLink side of the object check. The object's bytes are captured when
// materialization starts; the check runs in a pass at the *front* of
// PrePrunePasses (measured on LLVM 19: a pass appended at the back never sees
// the duplicate weak definition, ORC has already discarded it). A rejection
// is returned as the pass's Error, which fails this link only.
//
//===----------------------------------------------------------------------===//

#include "uniqlink/ORC/ObjectCheckPlugin.h"
#include "uniqlink/ORC/ObjectGate.h"
#include "llvm/ExecutionEngine/JITLink/JITLink.h"

using namespace llvm;
using namespace llvm::orc;

namespace uniqlink {

ObjectCheckPlugin::ObjectCheckPlugin(std::shared_ptr<ObjectGate> Gate)
    : GateResourceCallbacks(std::move(Gate)) {}

ObjectCheckPlugin::~ObjectCheckPlugin() = default;

void ObjectCheckPlugin::notifyMaterializing(MaterializationResponsibility &MR,
                                            jitlink::LinkGraph &G,
                                            jitlink::JITLinkContext &Ctx,
                                            MemoryBufferRef InputObject) {
  std::lock_guard<std::mutex> Lock(Mutex);
  Links[&MR].Object = InputObject;
}

void ObjectCheckPlugin::modifyPassConfig(MaterializationResponsibility &MR,
                                         jitlink::LinkGraph &G,
                                         jitlink::PassConfiguration &Config) {
  // Not a lambda: LLVM 17-19 would allocate it (compat::MemberPass).
  Config.PrePrunePasses.insert(
      Config.PrePrunePasses.begin(),
      compat::MemberPass<ObjectCheckPlugin, MaterializationResponsibility,
                         &ObjectCheckPlugin::admitLink>(*this, MR));
}

Error ObjectCheckPlugin::admitLink(MaterializationResponsibility &MR,
                                   jitlink::LinkGraph &G) {
  MemoryBufferRef Obj;
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    auto It = Links.find(&MR);
    if (It != Links.end())
      Obj = It->second.Object;
  }
  // Graphs built without an object (e.g. synthesized by a platform) have
  // nothing to check.
  if (!Obj.getBufferSize())
    return Error::success();
  auto H = Gate->admit(MR.getTargetJITDylib(), Obj, G.getName());
  if (!H)
    return H.takeError();
  std::lock_guard<std::mutex> Lock(Mutex);
  Links[&MR].Handle = *H;
  return Error::success();
}

ObjectHandle ObjectCheckPlugin::takeHandle(MaterializationResponsibility &MR) {
  std::lock_guard<std::mutex> Lock(Mutex);
  auto It = Links.find(&MR);
  if (It == Links.end())
    return 0;
  ObjectHandle H = It->second.Handle;
  Links.erase(It);
  return H;
}

Error ObjectCheckPlugin::notifyEmitted(MaterializationResponsibility &MR) {
  ObjectHandle H = takeHandle(MR);
  return H ? Gate->attach(MR, H) : Error::success();
}

Error ObjectCheckPlugin::notifyFailed(MaterializationResponsibility &MR) {
  ObjectHandle H = takeHandle(MR);
  if (H)
    Gate->release(MR.getTargetJITDylib(), H);
  return Error::success();
}

} // namespace uniqlink
