//===- ObjectGate.cpp - Per-JITDylib registries for ORC -------------------===//
//
// Glue between ORC's resource model and the checker's Registry: one Registry
// per JITDylib, and the list of admitted objects each resource key owns so
// that removing a ResourceTracker unregisters exactly its objects.
//
//===----------------------------------------------------------------------===//

#include "uniqlink/ORC/ObjectGate.h"
#include "uniqlink/Check/Fingerprint.h"

using namespace llvm;
using namespace llvm::orc;

namespace uniqlink {

ObjectGate::ObjectGate(RegistryOptions Options) : Options(Options) {}
ObjectGate::~ObjectGate() = default;

ObjectGate::Namespace &ObjectGate::namespaceFor(const JITDylib &JD) {
  Namespace &NS = Namespaces[&JD];
  if (!NS.Reg)
    NS.Reg = std::make_unique<Registry>(Options);
  return NS;
}

Registry &ObjectGate::registryFor(const JITDylib &JD) {
  std::lock_guard<std::mutex> Lock(Mutex);
  return *namespaceFor(JD).Reg;
}

Expected<ObjectHandle>
ObjectGate::admit(const JITDylib &JD, MemoryBufferRef Obj, StringRef Origin) {
  Registry &Reg = registryFor(JD);
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
  auto FP = fingerprintObjectBuffer(Obj, Origin,
                                    Options.KeepDetail
                                        ? FingerprintDetail::Full
                                        : FingerprintDetail::DigestOnly);
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
  namespaceFor(JD).ByKey[K].push_back(H);
}

void ObjectGate::release(const JITDylib &JD, ObjectHandle H) {
  registryFor(JD).remove(H);
}

/// The namespace that owns resource key \p K: \p JD's, or when \p JD is null
/// the one whose objects \p K owns (resource keys are unique in a session).
template <typename NamespaceMapT>
static auto findOwner(NamespaceMapT &Namespaces, const JITDylib *JD,
                      ResourceKey K) {
  if (JD)
    return Namespaces.find(JD);
  for (auto It = Namespaces.begin(); It != Namespaces.end(); ++It)
    if (It->second.ByKey.count(K))
      return It;
  return Namespaces.end();
}

void ObjectGate::removeResources(const JITDylib *JD, ResourceKey K) {
  std::vector<ObjectHandle> Handles;
  Registry *Reg = nullptr;
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    auto It = findOwner(Namespaces, JD, K);
    if (It == Namespaces.end())
      return;
    auto KeyIt = It->second.ByKey.find(K);
    if (KeyIt == It->second.ByKey.end())
      return;
    Handles = std::move(KeyIt->second);
    It->second.ByKey.erase(KeyIt);
    Reg = It->second.Reg.get();
  }
  for (ObjectHandle H : Handles)
    Reg->remove(H);
}

void ObjectGate::transferResources(const JITDylib *JD, ResourceKey DstK,
                                   ResourceKey SrcK) {
  std::lock_guard<std::mutex> Lock(Mutex);
  auto It = findOwner(Namespaces, JD, SrcK);
  if (It == Namespaces.end())
    return;
  auto Src = It->second.ByKey.find(SrcK);
  if (Src == It->second.ByKey.end())
    return;
  std::vector<ObjectHandle> Handles = std::move(Src->second);
  It->second.ByKey.erase(Src);
  auto &Dst = It->second.ByKey[DstK];
  Dst.insert(Dst.end(), Handles.begin(), Handles.end());
}

std::vector<Rejection> ObjectGate::rejections() const {
  std::lock_guard<std::mutex> Lock(Mutex);
  return Rejections;
}

} // namespace uniqlink
