//===- ObjectCheckTest.cpp - The JITLink plugin and the RTDyld layer ------===//
//
// Each linker's object check rejects a different-body duplicate (with the
// checker's diagnostic, and the JIT keeps working), accepts an identical
// one, keeps one namespace per JITDylib, and forgets an object when its
// ResourceTracker is removed so that a different body can be added.
//
//===----------------------------------------------------------------------===//

#include "OrcTestUtil.h"
#include "uniqlink/Compat/ORC.h"
#include "uniqlink/ORC/CreateLLJIT.h"
#include "uniqlink/ORC/ObjectCheckPlugin.h"
#include "uniqlink/ORC/ObjectGate.h"
#include "gtest/gtest.h"

using namespace llvm;
using namespace llvm::orc;
using namespace uniqlink;
using namespace uniqlink::test;

namespace {

class ObjectCheck : public ::testing::TestWithParam<LinkerKind> {
protected:
  void SetUp() override {
    initNative();
    Gate = std::make_shared<ObjectGate>();
    JITConfig C;
    C.Linker = GetParam();
    C.Gate = Gate;
    auto JOrErr = createLLJIT(C);
    ASSERT_TRUE(!!JOrErr) << toString(JOrErr.takeError());
    J = std::move(*JOrErr);
    // Link failures go to the session's reporter; keep them for the checks.
    J->getExecutionSession().setErrorReporter([this](Error Err) {
      std::lock_guard<std::mutex> Lock(ReportedMutex);
      Reported.push_back(toString(std::move(Err)));
    });
  }

  Error add(JITDylib &JD, StringRef Entry, int64_t Factor) {
    return J->addObjectFile(
        JD, compileObject(helperIR(Entry, Factor), (Entry + ".o").str()));
  }
  Error add(StringRef Entry, int64_t Factor) {
    return add(J->getMainJITDylib(), Entry, Factor);
  }

  std::shared_ptr<ObjectGate> Gate;
  std::unique_ptr<LLJIT> J;
  std::mutex ReportedMutex;
  std::vector<std::string> Reported;
};

TEST_P(ObjectCheck, RejectsDifferentBodyAcceptsIdentical) {
  ASSERT_OK(add("a", 2));
  ASSERT_OK(add("b", 3)); // different body: rejected when it links
  ASSERT_OK(add("c", 2)); // identical body: a benign duplicate
  EXPECT_VALUE(callEntry(*J, "a", 10), 20);
  EXPECT_FAILS(callEntry(*J, "b", 10));
  EXPECT_VALUE(callEntry(*J, "c", 10), 20);

  auto Rs = Gate->rejections();
  ASSERT_EQ(Rs.size(), 1u);
  EXPECT_EQ(Rs[0].Origin, "b.o");
  EXPECT_NE(Rs[0].Message.find("demo::helper(long)"), std::string::npos)
      << Rs[0].Message;
  EXPECT_NE(Rs[0].Message.find("a.o"), std::string::npos) << Rs[0].Message;

  // The session saw the rejection too (the diagnostic, not a crash).
  bool Seen = false;
  for (const std::string &R : Reported)
    Seen |= R.find("demo::helper(long)") != std::string::npos;
  EXPECT_TRUE(Seen);

  // The JIT keeps working after a rejection.
  ASSERT_OK(J->addIRModule(makeModule(helperIR("d", 5, 0, "other"), "d")));
  EXPECT_VALUE(callEntry(*J, "d", 10), 50);
  EXPECT_EQ(Gate->registryFor(J->getMainJITDylib()).numObjects(), 3u);
}

TEST_P(ObjectCheck, RemovalLetsADifferentBodyIn) {
  JITDylib &JD = J->getMainJITDylib();
  ResourceTrackerSP RT = JD.createResourceTracker();
  ASSERT_OK(J->addObjectFile(RT, compileObject(helperIR("a", 2), "a.o")));
  EXPECT_VALUE(callEntry(*J, "a", 10), 20);
  EXPECT_EQ(Gate->registryFor(JD).numObjects(), 1u);

  ASSERT_OK(RT->remove());
  EXPECT_EQ(Gate->registryFor(JD).numObjects(), 0u);

  ASSERT_OK(add("b", 3));
  EXPECT_VALUE(callEntry(*J, "b", 10), 30);
  EXPECT_TRUE(Gate->rejections().empty());
}

TEST_P(ObjectCheck, OneNamespacePerJITDylib) {
  JITDylib &Other = cantFail(J->createJITDylib("other"));
  ASSERT_OK(add("a", 2));
  ASSERT_OK(add(Other, "b", 3));
  EXPECT_VALUE(callEntry(*J, "a", 10), 20);
  auto B = J->lookup(Other, "b");
  ASSERT_TRUE(!!B) << toString(B.takeError());
  EXPECT_EQ(compat::addressToPtr<int64_t (*)(int64_t)>(*B)(10), 30);
}

TEST_P(ObjectCheck, MalformedObjectIsAnErrorNotACrash) {
  // A buffer that is an ELF header and nothing else.
  std::string Junk("\x7f"
                   "ELF\x02\x01\x01",
                   7);
  Junk.resize(64, '\0');
  Error Err = J->addObjectFile(MemoryBuffer::getMemBufferCopy(Junk, "junk.o"));
  // Either ORC refuses it at add time or the check/link fails; never abort.
  consumeError(std::move(Err));
  EXPECT_VALUE(
      (cantFail(J->addObjectFile(compileObject(helperIR("a", 2), "a.o"))),
       callEntry(*J, "a", 10)),
      20);
}

INSTANTIATE_TEST_SUITE_P(Linkers, ObjectCheck,
                         ::testing::Values(LinkerKind::JITLink,
                                           LinkerKind::RTDyld),
                         [](const auto &Info) {
                           return linkerName(Info.param).str();
                         });

// The gate's diagnostics follow its registry: by default a collision's
// loaded side is known by its digest (first difference not kept when
// the sizes agree); with KeepDetail both sides are fingerprinted in full and
// the first differing byte is named.
TEST(ObjectGate, DetailFollowsTheRegistry) {
  initNative();
  for (bool KeepDetail : {false, true}) {
    RegistryOptions O;
    O.KeepDetail = KeepDetail;
    auto Gate = std::make_shared<ObjectGate>(O);
    JITConfig C;
    C.Gate = Gate;
    auto J = cantFail(createLLJIT(C));
    J->getExecutionSession().setErrorReporter(
        [](Error Err) { consumeError(std::move(Err)); });
    ASSERT_OK(J->addObjectFile(compileObject(helperIR("a", 2), "a.o")));
    ASSERT_OK(J->addObjectFile(compileObject(helperIR("b", 3), "b.o")));
    EXPECT_VALUE(callEntry(*J, "a", 10), 20);
    EXPECT_FAILS(callEntry(*J, "b", 10));
    auto Rs = Gate->rejections();
    ASSERT_EQ(Rs.size(), 1u) << KeepDetail;
    const std::string &Msg = Rs[0].Message;
    EXPECT_EQ(Msg.find("first difference: bytes or relocations (not kept") !=
                  std::string::npos,
              !KeepDetail)
        << Msg;
    EXPECT_EQ(Msg.find("first difference: byte +") != std::string::npos,
              KeepDetail)
        << Msg;
  }
}

// A failed link unregisters the object: after the plugin admitted it, a
// later JITLink pass fails; the body must not stay registered.
TEST(ObjectCheckPlugin, FailedLinkUnregisters) {
  initNative();
  auto Gate = std::make_shared<ObjectGate>();
  JITConfig C;
  C.Gate = Gate;
  auto J = cantFail(createLLJIT(C));
  J->getExecutionSession().setErrorReporter(
      [](Error Err) { consumeError(std::move(Err)); });
  // `a` references an undefined symbol: the link fails after the check.
  std::string IR = helperIR("a", 2) + "declare i64 @missing(i64)\n"
                                      "define i64 @a2(i64 %x) {\n"
                                      "  %r = call i64 @missing(i64 %x)\n"
                                      "  ret i64 %r\n}\n";
  ResourceTrackerSP RT = J->getMainJITDylib().createResourceTracker();
  ASSERT_OK(J->addObjectFile(RT, compileObject(IR, "a.o")));
  EXPECT_FAILS(callEntry(*J, "a", 10));
  // Unregistered by notifyFailed, before anyone removes the tracker.
  EXPECT_EQ(Gate->registryFor(J->getMainJITDylib()).numObjects(), 0u);
  // ORC keeps the failed symbols in an error state until their tracker goes.
  ASSERT_OK(RT->remove());
  ASSERT_OK(J->addObjectFile(compileObject(helperIR("b", 3), "b.o")));
  EXPECT_VALUE(callEntry(*J, "b", 10), 30);
}

} // namespace
