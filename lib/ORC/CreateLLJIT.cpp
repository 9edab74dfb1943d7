//===- CreateLLJIT.cpp - An LLJIT wired for uniqlink ----------------------===//
//
// Chooses the linking layer explicitly (so the demo and the tests can compare
// JITLink and RuntimeDyld), puts the object checker in front of it, and
// routes compiled objects to an ObjectCache.
//
//===----------------------------------------------------------------------===//

#include "uniqlink/Compat.h"
#include "uniqlink/Orc.h"
#include "uniqlink/OrcObjectCheck.h"
#include "llvm/ExecutionEngine/Orc/CompileUtils.h"
#include "llvm/ExecutionEngine/Orc/ObjectLinkingLayer.h"
#include "llvm/ExecutionEngine/Orc/RTDyldObjectLinkingLayer.h"
#include "llvm/ExecutionEngine/SectionMemoryManager.h"

using namespace llvm;
using namespace llvm::orc;

namespace uniqlink {

StringRef linkerName(LinkerKind K) {
  return K == LinkerKind::JITLink ? "jitlink" : "rtdyld";
}

Expected<std::unique_ptr<LLJIT>> createLLJIT(const JITConfig &Config) {
  LLJITBuilder B;
  std::shared_ptr<ObjectGate> Gate = Config.Gate;
  LinkerKind Linker = Config.Linker;
  compat::setLinkingLayerCreator(
      B,
      [Gate,
       Linker](ExecutionSession &ES) -> Expected<std::unique_ptr<ObjectLayer>> {
#ifndef UNIQLINK_HAVE_CHECK
        if (Gate)
          return createStringError(
              inconvertibleErrorCode(),
              "uniqlink: built without the object checker (lib/Check)");
#endif
        if (Linker == LinkerKind::JITLink) {
          auto L = std::make_unique<ObjectLinkingLayer>(ES);
#ifdef UNIQLINK_HAVE_CHECK
          if (Gate)
            L->addPlugin(std::make_unique<ObjectCheckPlugin>(Gate));
#endif
          return std::unique_ptr<ObjectLayer>(std::move(L));
        }
        std::unique_ptr<ObjectLayer> L =
            std::make_unique<RTDyldObjectLinkingLayer>(
                ES, [] { return std::make_unique<SectionMemoryManager>(); });
#ifdef UNIQLINK_HAVE_CHECK
        if (Gate)
          return createCheckingObjectLayer(ES, std::move(L), Gate);
#endif
        return std::move(L);
      });
  if (ObjectCache *Cache = Config.Cache)
    B.setCompileFunctionCreator(
        [Cache](JITTargetMachineBuilder JTMB)
            -> Expected<std::unique_ptr<IRCompileLayer::IRCompiler>> {
          return std::make_unique<ConcurrentIRCompiler>(std::move(JTMB), Cache);
        });
  return B.create();
}

} // namespace uniqlink
