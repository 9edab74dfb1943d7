//===- RenameThenAddTest.cpp - addIRModuleUnique and the IR guard ---------===//
//
// The compile-time half: renaming before addIRModule keeps both bodies (a
// plain add silently keeps the first); the IR guard refuses a different-body
// duplicate, accepts an identical one, and forgets a module when its
// ResourceTracker is removed.
//
//===----------------------------------------------------------------------===//

#include "uniqlink/ORC/RenameThenAdd.h"
#include "OrcTestUtil.h"
#include "uniqlink/Compat/Support.h"
#include "uniqlink/ORC/CreateLLJIT.h"
#include "uniqlink/ORC/IRDefinitionGuard.h"
#include "gtest/gtest.h"

using namespace llvm;
using namespace llvm::orc;
using namespace uniqlink;
using namespace uniqlink::test;

namespace {

std::unique_ptr<LLJIT> makeJIT(LinkerKind L = LinkerKind::JITLink) {
  initNative();
  JITConfig C;
  C.Linker = L;
  return cantFail(createLLJIT(C));
}

class RenameThenAdd : public ::testing::TestWithParam<LinkerKind> {};

// Without uniqlink the second body is silently dropped: the bug, measured.
TEST_P(RenameThenAdd, PlainAddKeepsFirstBody) {
  auto J = makeJIT(GetParam());
  ASSERT_OK(J->addIRModule(makeModule(helperIR("a", 2), "a")));
  ASSERT_OK(J->addIRModule(makeModule(helperIR("b", 3), "b")));
  EXPECT_VALUE(callEntry(*J, "a", 10), 20);
  EXPECT_VALUE(callEntry(*J, "b", 10), 20); // wrong, silent
}

TEST_P(RenameThenAdd, RenamedModulesKeepTheirBodies) {
  auto J = makeJIT(GetParam());
  auto RA = addIRModuleUnique(*J, J->getMainJITDylib(),
                              makeModule(helperIR("a", 2), "a"));
  ASSERT_TRUE(!!RA) << toString(RA.takeError());
  auto RB = addIRModuleUnique(*J, J->getMainJITDylib(),
                              makeModule(helperIR("b", 3), "b"));
  ASSERT_TRUE(!!RB) << toString(RB.takeError());
  EXPECT_VALUE(callEntry(*J, "a", 10), 20);
  EXPECT_VALUE(callEntry(*J, "b", 10), 30);

  // The map finds the renamed helpers, and they are callable by new name.
  auto NA = renamedSymbol(*RA, "_ZN4demo6helperEl");
  auto NB = renamedSymbol(*RB, "_ZN4demo6helperEl");
  ASSERT_TRUE(NA && NB);
  EXPECT_NE(*NA, *NB);
  EXPECT_TRUE(uniqlink::compat::startsWith(*NA, "_ZN4demo6helperEl.__ul."));
  EXPECT_VALUE(callEntry(*J, *NB, 1), 3);
  EXPECT_FALSE(renamedSymbol(*RA, "a"));
}

TEST_P(RenameThenAdd, IdenticalBodiesMergeInHashMode) {
  auto J = makeJIT(GetParam());
  UniqueLinkonceOptions O;
  O.Mode = RenameMode::Hash;
  auto RA = addIRModuleUnique(*J, J->getMainJITDylib(),
                              makeModule(helperIR("a", 2), "a"), O);
  auto RB = addIRModuleUnique(*J, J->getMainJITDylib(),
                              makeModule(helperIR("b", 2), "b"), O);
  ASSERT_TRUE(!!RA) << toString(RA.takeError());
  ASSERT_TRUE(!!RB) << toString(RB.takeError());
  EXPECT_EQ(renamedSymbol(*RA, "_ZN4demo6helperEl"),
            renamedSymbol(*RB, "_ZN4demo6helperEl"));
  EXPECT_VALUE(callEntry(*J, "b", 10), 20);
}

INSTANTIATE_TEST_SUITE_P(Linkers, RenameThenAdd,
                         ::testing::Values(LinkerKind::JITLink,
                                           LinkerKind::RTDyld),
                         [](const auto &Info) {
                           return linkerName(Info.param).str();
                         });

TEST(IRDefinitionGuard, RejectsDifferentBodyAcceptsIdentical) {
  auto J = makeJIT();
  IRDefinitionGuard G(J->getExecutionSession());
  JITDylib &JD = J->getMainJITDylib();
  ASSERT_OK(G.addIRModule(*J, JD.getDefaultResourceTracker(),
                          makeModule(helperIR("a", 2), "a")));
  Error Err = G.addIRModule(*J, JD.getDefaultResourceTracker(),
                            makeModule(helperIR("b", 3), "b"));
  ASSERT_TRUE(!!Err);
  std::string Msg = toString(std::move(Err));
  EXPECT_NE(Msg.find("demo::helper(long)"), std::string::npos) << Msg;
  EXPECT_NE(Msg.find("'b'"), std::string::npos) << Msg;
  EXPECT_NE(Msg.find("'a'"), std::string::npos) << Msg;
  // The rejected module was not added; the JIT keeps working.
  EXPECT_FAILS(callEntry(*J, "b", 1));
  ASSERT_OK(G.addIRModule(*J, JD.getDefaultResourceTracker(),
                          makeModule(helperIR("c", 2), "c")));
  EXPECT_VALUE(callEntry(*J, "c", 10), 20);
  EXPECT_VALUE(callEntry(*J, "a", 10), 20);
  EXPECT_EQ(G.numDefinitions(JD), 1u);
}

TEST(IRDefinitionGuard, RemovalLetsADifferentBodyIn) {
  auto J = makeJIT();
  IRDefinitionGuard G(J->getExecutionSession());
  JITDylib &JD = J->getMainJITDylib();
  ResourceTrackerSP RT = JD.createResourceTracker();
  ASSERT_OK(G.addIRModule(*J, RT, makeModule(helperIR("a", 2), "a")));
  EXPECT_VALUE(callEntry(*J, "a", 10), 20);
  ASSERT_OK(RT->remove());
  EXPECT_EQ(G.numDefinitions(JD), 0u);
  ASSERT_OK(G.addIRModule(*J, JD.getDefaultResourceTracker(),
                          makeModule(helperIR("b", 3), "b")));
  EXPECT_VALUE(callEntry(*J, "b", 10), 30);
}

TEST(IRDefinitionGuard, OneNamespacePerJITDylib) {
  auto J = makeJIT();
  IRDefinitionGuard G(J->getExecutionSession());
  JITDylib &Other = cantFail(J->createJITDylib("other"));
  ASSERT_OK(G.addIRModule(*J, J->getMainJITDylib().getDefaultResourceTracker(),
                          makeModule(helperIR("a", 2), "a")));
  EXPECT_OK(G.addIRModule(*J, Other.getDefaultResourceTracker(),
                          makeModule(helperIR("b", 3), "b")));
}

} // namespace
