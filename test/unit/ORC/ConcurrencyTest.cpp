//===- ConcurrencyTest.cpp - Many modules, many threads -------------------===//
//
// ORC materializes on many threads. Modules that all carry an identical
// linkonce_odr helper (plus a per-module one) are added from several threads
// into an LLJIT with compile threads, the IR guard and the object check on;
// every entry must link and return its own value, and the registries must
// end up consistent.
//
//===----------------------------------------------------------------------===//

#include "OrcTestUtil.h"
#include "uniqlink/Compat/ORC.h"
#include "uniqlink/ORC/IRDefinitionGuard.h"
#include "uniqlink/ORC/ObjectCheckPlugin.h"
#include "uniqlink/ORC/ObjectGate.h"
#include "llvm/ExecutionEngine/Orc/ObjectLinkingLayer.h"
#include "gtest/gtest.h"
#include <atomic>
#include <thread>

using namespace llvm;
using namespace llvm::orc;
using namespace uniqlink;
using namespace uniqlink::test;

namespace {

std::string moduleIR(unsigned I) {
  std::string N = std::to_string(I);
  return "define linkonce_odr i64 @shared(i64 %x) {\n"
         "  %r = mul i64 %x, 3\n  ret i64 %r\n}\n"
         "define linkonce_odr i64 @own_" +
         N +
         "(i64 %x) {\n"
         "  %s = call i64 @shared(i64 %x)\n  %r = add i64 %s, " +
         N +
         "\n  ret i64 %r\n}\n"
         "define i64 @entry_" +
         N +
         "(i64 %x) {\n"
         "  %r = call i64 @own_" +
         N + "(i64 %x)\n  ret i64 %r\n}\n";
}

TEST(Concurrency, ManyModulesFromManyThreads) {
  initNative();
  constexpr unsigned Threads = 4, PerThread = 16;
  auto Gate = std::make_shared<ObjectGate>();
  LLJITBuilder B;
  B.setNumCompileThreads(4);
  compat::setLinkingLayerCreator(
      B,
      [Gate](ExecutionSession &ES) -> Expected<std::unique_ptr<ObjectLayer>> {
        auto L = std::make_unique<ObjectLinkingLayer>(ES);
        L->addPlugin(std::make_unique<ObjectCheckPlugin>(Gate));
        return std::unique_ptr<ObjectLayer>(std::move(L));
      });
  auto J = cantFail(B.create());
  compat::prepareLLJIT(*J);
  IRDefinitionGuard Guard(J->getExecutionSession());
  JITDylib &JD = J->getMainJITDylib();

  std::atomic<unsigned> AddFailures{0};
  std::vector<std::thread> Ts;
  for (unsigned T = 0; T < Threads; ++T)
    Ts.emplace_back([&, T] {
      for (unsigned K = 0; K < PerThread; ++K) {
        unsigned I = T * PerThread + K;
        std::string Name = "m" + std::to_string(I);
        if (Error Err = Guard.addIRModule(*J, JD.getDefaultResourceTracker(),
                                          makeModule(moduleIR(I), Name))) {
          consumeError(std::move(Err));
          ++AddFailures;
        }
      }
    });
  for (auto &T : Ts)
    T.join();
  EXPECT_EQ(AddFailures.load(), 0u);
  // shared + one own_<i> per module.
  EXPECT_EQ(Guard.numDefinitions(JD), 1u + Threads * PerThread);

  // Link everything at once: the compile threads materialize concurrently.
  SymbolLookupSet Names;
  for (unsigned I = 0; I < Threads * PerThread; ++I)
    Names.add(J->mangleAndIntern("entry_" + std::to_string(I)));
  auto Syms = J->getExecutionSession().lookup(makeJITDylibSearchOrder(&JD),
                                              std::move(Names));
  ASSERT_TRUE(!!Syms) << toString(Syms.takeError());
  EXPECT_EQ(Syms->size(), Threads * PerThread);
  // Now linked; call each through an ordinary lookup.
  for (unsigned I = 0; I < Threads * PerThread; ++I)
    EXPECT_VALUE(callEntry(*J, "entry_" + std::to_string(I), 10),
                 30 + (int64_t)I);
  EXPECT_TRUE(Gate->rejections().empty());
  EXPECT_EQ(Gate->registryFor(JD).numObjects(), Threads * PerThread);
}

} // namespace
