//===- ObjectGate.cpp - Per-JITDylib registries for ORC -------------------===//
//
// Glue between ORC's resource model and the checker's Registry: one Registry
// per JITDylib, kept with the admitted objects each resource key owns
// (uniqlink/ORC/DylibNamespaces.h) so that removing a ResourceTracker
// unregisters exactly its objects. Fingerprinting and the verdict are the
// checker's (lib/Check); the gate adds only namespaces, ownership and the
// list of rejections. Fingerprinting reuses a workspace per concurrent admit
// (uniqlink/Check/Fingerprint.h): a JIT adds thousands of small objects, and
// allocating the object model afresh for each was a quarter of the check.
//
//===----------------------------------------------------------------------===//

#include "uniqlink/ORC/ObjectGate.h"
#include "uniqlink/Check/Fingerprint.h"

using namespace llvm;
using namespace llvm::orc;

namespace uniqlink {

ObjectGate::ObjectGate(RegistryOptions Options) : Options(Options) {}
ObjectGate::~ObjectGate() = default;

Registry &ObjectGate::registryLocked(const JITDylib &JD) {
  std::unique_ptr<Registry> &Reg = Namespaces.get(JD).State;
  if (!Reg)
    Reg = std::make_unique<Registry>(Options);
  return *Reg;
}

Registry &ObjectGate::registryFor(const JITDylib &JD) {
  std::lock_guard<std::mutex> Lock(Mutex);
  return registryLocked(JD);
}

Expected<ObjectHandle>
ObjectGate::admit(const JITDylib &JD, MemoryBufferRef Obj, StringRef Origin) {
  Registry *RegPtr;
  std::unique_ptr<FingerprintWorkspace> WS;
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    RegPtr = &registryLocked(JD);
    if (!Workspaces.empty()) {
      WS = std::move(Workspaces.back());
      Workspaces.pop_back();
    }
  }
  Registry &Reg = *RegPtr;
  if (!WS)
    WS = std::make_unique<FingerprintWorkspace>();
  auto Reject = [&](Error Err) -> Error {
    // Keep the error's type (CollisionError) for callers; copy the text.
    std::string Msg;
    Err = handleErrors(std::move(Err),
                       [&](std::unique_ptr<ErrorInfoBase> EIB) -> Error {
                         Msg = EIB->message();
                         return Error(std::move(EIB));
                       });
    std::lock_guard<std::mutex> Lock(Mutex);
    Rejections.push_back({Origin.str(), JD.getName(), std::move(Msg)});
    return Err;
  };
  // Without KeepDetail a collision knows the loaded side by its digest only,
  // so the new side's bytes and relocations could explain nothing: digests
  // alone then (no copies of bytes and relocation records).
  auto FP =
      WS->fingerprintBuffer(Obj, Origin,
                            Options.KeepDetail ? FingerprintDetail::Full
                                               : FingerprintDetail::DigestOnly);
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    Workspaces.push_back(std::move(WS));
  }
  if (!FP)
    return Reject(FP.takeError());
  // The registry is thread-safe and admits atomically.
  auto Admitted = Reg.admit(std::move(*FP));
  if (!Admitted)
    return Reject(Admitted.takeError());
  return Admitted->Handle;
}

void ObjectGate::attach(const JITDylib &JD, ResourceKey K, ObjectHandle H) {
  std::lock_guard<std::mutex> Lock(Mutex);
  registryLocked(JD); // a namespace always has its registry
  Namespaces.attach(JD, K, H);
}

Error ObjectGate::attach(MaterializationResponsibility &MR, ObjectHandle H) {
  const JITDylib &JD = MR.getTargetJITDylib();
  if (Error Err =
          MR.withResourceKeyDo([&](ResourceKey K) { attach(JD, K, H); })) {
    // The tracker went away while the object was linked: forget it.
    release(JD, H);
    return Err;
  }
  return Error::success();
}

void ObjectGate::release(const JITDylib &JD, ObjectHandle H) {
  registryFor(JD).remove(H);
}

void ObjectGate::removeResources(const JITDylib *JD, ResourceKey K) {
  std::vector<ObjectHandle> Handles;
  Registry *Reg = nullptr;
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    auto Detached = Namespaces.detach(JD, K);
    if (!Detached.State)
      return;
    Handles = std::move(Detached.Handles);
    Reg = Detached.State->get(); // stable; the map entry may move
  }
  // The registry is thread-safe: no need to hold the gate's lock.
  for (ObjectHandle H : Handles)
    Reg->remove(H);
}

void ObjectGate::transferResources(const JITDylib *JD, ResourceKey DstK,
                                   ResourceKey SrcK) {
  std::lock_guard<std::mutex> Lock(Mutex);
  Namespaces.transfer(JD, DstK, SrcK);
}

std::vector<Rejection> ObjectGate::rejections() const {
  std::lock_guard<std::mutex> Lock(Mutex);
  return Rejections;
}

} // namespace uniqlink
