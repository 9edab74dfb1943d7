//===- uniqlink/ORC/CheckingObjectLayer.h - Gate a layer --------*- C++ -*-===//
//
// The ObjectLayer front end of ObjectGate, for RuntimeDyld setups: an
// ObjectTransformLayer that checks each object before handing it to its base
// layer (works over any ObjectLayer).
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_ORC_CHECKINGOBJECTLAYER_H
#define UNIQLINK_ORC_CHECKINGOBJECTLAYER_H

#include "uniqlink/Compat/ORC.h"
#include "uniqlink/ORC/ObjectGate.h"
#include "llvm/ExecutionEngine/Orc/Core.h"
#include "llvm/ExecutionEngine/Orc/ObjectTransformLayer.h"
#include "llvm/Support/Error.h"
#include <memory>

namespace uniqlink {

/// An ObjectTransformLayer that admits each object into the gate before its
/// (optional) transform runs and the object reaches \p Base. Rejected objects
/// fail their materialization with the collision error. Registers itself
/// with the session for resource removal.
class CheckingObjectLayer
    : public llvm::orc::ObjectTransformLayer,
      private GateResourceCallbacks<
          compat::ResourceManagerWithDylib<llvm::orc::ResourceManager>> {
public:
  CheckingObjectLayer(llvm::orc::ExecutionSession &ES,
                      llvm::orc::ObjectLayer &Base,
                      std::shared_ptr<ObjectGate> Gate,
                      TransformFunction Transform = TransformFunction());
  ~CheckingObjectLayer() override;

  void emit(std::unique_ptr<llvm::orc::MaterializationResponsibility> R,
            std::unique_ptr<llvm::MemoryBuffer> O) override;
};

/// Wraps an owned base layer in a CheckingObjectLayer, so that the pair can
/// be handed to LLJITBuilder as its linking layer.
std::unique_ptr<llvm::orc::ObjectLayer>
createCheckingObjectLayer(llvm::orc::ExecutionSession &ES,
                          std::unique_ptr<llvm::orc::ObjectLayer> Base,
                          std::shared_ptr<ObjectGate> Gate);

} // namespace uniqlink

#endif // UNIQLINK_ORC_CHECKINGOBJECTLAYER_H
