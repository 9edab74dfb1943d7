//===- CheckingObjectLayer.cpp - Check objects before any object layer ----===//
//
// For RuntimeDyld (which has no pass pipeline): an ObjectTransformLayer whose
// emit() admits the object into the gate, under the materialization's
// JITDylib and resource key, before the transform and the base layer see it.
//
//===----------------------------------------------------------------------===//

#include "uniqlink/ORC/CheckingObjectLayer.h"
#include "uniqlink/ORC/ObjectGate.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace llvm;
using namespace llvm::orc;

namespace uniqlink {

CheckingObjectLayer::CheckingObjectLayer(ExecutionSession &ES,
                                         ObjectLayer &Base,
                                         std::shared_ptr<ObjectGate> Gate,
                                         TransformFunction Transform)
    : ObjectTransformLayer(ES, Base, std::move(Transform)),
      GateResourceCallbacks(std::move(Gate)) {
  ES.registerResourceManager(*this);
}

CheckingObjectLayer::~CheckingObjectLayer() {
  getExecutionSession().deregisterResourceManager(*this);
}

void CheckingObjectLayer::emit(std::unique_ptr<MaterializationResponsibility> R,
                               std::unique_ptr<MemoryBuffer> O) {
  auto Fail = [&](Error Err) {
    getExecutionSession().reportError(std::move(Err));
    R->failMaterialization();
  };
  auto H = Gate->admit(R->getTargetJITDylib(), O->getMemBufferRef(),
                       O->getBufferIdentifier());
  if (!H)
    return Fail(H.takeError());
  // Owned by the tracker from now on: if the base layer fails the link, ORC
  // removes nothing under this key, so the object stays registered until
  // its tracker is removed. The base layer cannot tell us about the failure.
  if (Error Err = Gate->attach(*R, *H))
    return Fail(std::move(Err));
  ObjectTransformLayer::emit(std::move(R), std::move(O));
}

namespace {

/// Owns the base layer; declared first so it outlives the checking layer.
struct OwnedBase {
  std::unique_ptr<ObjectLayer> Base;
};

class OwningCheckingObjectLayer : private OwnedBase,
                                  public CheckingObjectLayer {
public:
  OwningCheckingObjectLayer(ExecutionSession &ES,
                            std::unique_ptr<ObjectLayer> B,
                            std::shared_ptr<ObjectGate> Gate)
      : OwnedBase{std::move(B)},
        CheckingObjectLayer(ES, *OwnedBase::Base, std::move(Gate)) {}
};

} // namespace

std::unique_ptr<ObjectLayer>
createCheckingObjectLayer(ExecutionSession &ES,
                          std::unique_ptr<ObjectLayer> Base,
                          std::shared_ptr<ObjectGate> Gate) {
  return std::make_unique<OwningCheckingObjectLayer>(ES, std::move(Base),
                                                     std::move(Gate));
}

} // namespace uniqlink
