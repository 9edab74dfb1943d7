//===- CreateLLJIT.cpp - An LLJIT wired for uniqlink ----------------------===//
//
// Chooses the linking layer explicitly (so the demo and the tests can compare
// JITLink and RuntimeDyld), puts the object checker in front of it, and
// routes compiled objects to an ObjectCache.
//
//===----------------------------------------------------------------------===//

#include "uniqlink/ORC/CreateLLJIT.h"
#include "uniqlink/Compat/ORC.h"
#include "uniqlink/ORC/CheckingObjectLayer.h"
#include "uniqlink/ORC/ObjectCheckPlugin.h"
#include "uniqlink/ORC/ObjectGate.h"
#include "llvm/ExecutionEngine/Orc/CompileUtils.h"
#include "llvm/ExecutionEngine/Orc/ObjectLinkingLayer.h"
#include "llvm/ExecutionEngine/Orc/RTDyldObjectLinkingLayer.h"
#include "llvm/ExecutionEngine/SectionMemoryManager.h"

using namespace llvm;
using namespace llvm::orc;

namespace uniqlink {

static Expected<std::unique_ptr<LLJIT>> createLLJIT(const JITConfig &Config,
                                                    bool ForceJITLinkLayer);

StringRef linkerName(LinkerKind K) {
  return K == LinkerKind::JITLink ? "jitlink" : "rtdyld";
}

Expected<std::unique_ptr<LLJIT>> createLLJIT(const JITConfig &Config) {
  return createLLJIT(Config, /*ForceJITLinkLayer=*/false);
}

Expected<std::unique_ptr<LLJIT>> createLLJIT(const JITConfig &Config,
                                             bool ForceJITLinkLayer) {
  LLJITBuilder B;
  std::shared_ptr<ObjectGate> Gate = Config.Gate;
  // LLJIT of LLVM 14 and 15 defaults to RuntimeDyld on ELF x86-64: there,
  // JITLink gets a plain ObjectLinkingLayer of our own.
  if (Config.Linker == LinkerKind::JITLink && ForceJITLinkLayer)
    compat::setLinkingLayerCreator(
        B, [](ExecutionSession &ES) -> Expected<std::unique_ptr<ObjectLayer>> {
          return std::make_unique<ObjectLinkingLayer>(ES);
        });
  // JITLink: keep LLJIT's own linking layer (it also registers eh-frames and
  // whatever else this LLVM sets up) and add the plugin to it afterwards.
  // RuntimeDyld: build the layer here, behind the checking layer.
  if (Config.Linker == LinkerKind::RTDyld)
    compat::setLinkingLayerCreator(
        B,
        [Gate](ExecutionSession &ES) -> Expected<std::unique_ptr<ObjectLayer>> {
          std::unique_ptr<ObjectLayer> L =
              std::make_unique<RTDyldObjectLinkingLayer>(
                  ES,
                  compat::rtdyldMemoryManagerFactory<SectionMemoryManager>());
          if (Gate)
            return createCheckingObjectLayer(ES, std::move(L), Gate);
          return std::move(L);
        });
  if (ObjectCache *Cache = Config.Cache)
    B.setCompileFunctionCreator(
        [Cache](JITTargetMachineBuilder JTMB)
            -> Expected<std::unique_ptr<IRCompileLayer::IRCompiler>> {
          return std::make_unique<ConcurrentIRCompiler>(std::move(JTMB), Cache);
        });
  auto J = B.create();
  if (J)
    compat::prepareLLJIT(**J);
  if (!J || Config.Linker != LinkerKind::JITLink)
    return J;
  auto *OLL = dyn_cast<ObjectLinkingLayer>(&(*J)->getObjLinkingLayer());
  if (!OLL && !ForceJITLinkLayer)
    return createLLJIT(Config, /*ForceJITLinkLayer=*/true);
  if (!OLL)
    return createStringError(inconvertibleErrorCode(),
                             "uniqlink: LLJIT does not use JITLink for " +
                                 (*J)->getTargetTriple().str() +
                                 "; use the rtdyld linker");
  if (Gate)
    OLL->addPlugin(std::make_unique<ObjectCheckPlugin>(Gate));
  return J;
}

} // namespace uniqlink
