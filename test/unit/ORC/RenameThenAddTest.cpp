//===- RenameThenAddTest.cpp - addIRModuleUnique and the IR guard ---------===//
//
// The compile-time half: renaming before addIRModule keeps both bodies (a
// plain add silently keeps the first); the IR guard refuses a different-body
// duplicate with its exact text, accepts an identical one, keeps one
// namespace per JITDylib, forgets a module when its ResourceTracker is
// removed and hands it on when the tracker is transferred.
//
//===----------------------------------------------------------------------===//

#include "uniqlink/ORC/RenameThenAdd.h"
#include "OrcTestUtil.h"
#include "uniqlink/Compat/Support.h"
#include "uniqlink/ORC/CreateLLJIT.h"
#include "uniqlink/ORC/IRDefinitionGuard.h"
#include "llvm/ADT/StringExtras.h"
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

/// \p Msg with every hash ("0x" and 16 hex digits) replaced by "0x#".
std::string maskHashes(StringRef Msg) {
  std::string Out;
  while (!Msg.empty()) {
    size_t At = Msg.find("0x");
    Out += Msg.take_front(At).str();
    if (At == StringRef::npos)
      break;
    Out += "0x#";
    Msg = Msg.drop_front(At + 2);
    Msg = Msg.drop_front(Msg.take_while(isHexDigit).size());
  }
  return Out;
}

/// A JIT with an IR guard on its session.
struct GuardedJIT {
  std::unique_ptr<LLJIT> J = makeJIT();
  IRDefinitionGuard G{J->getExecutionSession()};
  JITDylib &JD = J->getMainJITDylib();

  /// Adds module \p Entry (helperIR(Entry, Factor)) through the guard under
  /// \p RT, by default the main JITDylib's default tracker.
  Error add(StringRef Entry, int64_t Factor, ResourceTrackerSP RT = nullptr) {
    if (!RT)
      RT = JD.getDefaultResourceTracker();
    return G.addIRModule(*J, RT, makeModule(helperIR(Entry, Factor), Entry));
  }
};

TEST(IRDefinitionGuard, RejectsDifferentBodyAcceptsIdentical) {
  GuardedJIT T;
  ASSERT_OK(T.add("a", 2));
  Error Err = T.add("b", 3);
  ASSERT_TRUE(!!Err);
  std::string Msg = toString(std::move(Err));
  EXPECT_NE(Msg.find("demo::helper(long)"), std::string::npos) << Msg;
  EXPECT_NE(Msg.find("'b'"), std::string::npos) << Msg;
  EXPECT_NE(Msg.find("'a'"), std::string::npos) << Msg;
  // The rejected module was not added; the JIT keeps working.
  EXPECT_FAILS(callEntry(*T.J, "b", 1));
  ASSERT_OK(T.add("c", 2));
  EXPECT_VALUE(callEntry(*T.J, "c", 10), 20);
  EXPECT_VALUE(callEntry(*T.J, "a", 10), 20);
  EXPECT_EQ(T.G.numDefinitions(T.JD), 1u);
}

TEST(IRDefinitionGuard, RemovalLetsADifferentBodyIn) {
  GuardedJIT T;
  ResourceTrackerSP RT = T.JD.createResourceTracker();
  ASSERT_OK(T.add("a", 2, RT));
  EXPECT_VALUE(callEntry(*T.J, "a", 10), 20);
  ASSERT_OK(RT->remove());
  EXPECT_EQ(T.G.numDefinitions(T.JD), 0u);
  ASSERT_OK(T.add("b", 3));
  EXPECT_VALUE(callEntry(*T.J, "b", 10), 30);
}

TEST(IRDefinitionGuard, TransferHandsDefinitionsOn) {
  GuardedJIT T;
  ResourceTrackerSP Src = T.JD.createResourceTracker();
  ResourceTrackerSP Dst = T.JD.createResourceTracker();
  ASSERT_OK(T.add("a", 2, Src));
  Src->transferTo(*Dst);
  ASSERT_OK(Src->remove());
  EXPECT_EQ(T.G.numDefinitions(T.JD), 1u);
  ASSERT_OK(Dst->remove());
  EXPECT_EQ(T.G.numDefinitions(T.JD), 0u);
}

// The guard's text, hashes masked: it names the module that first added the
// body even after that module is gone and an identical one holds the name.
TEST(IRDefinitionGuard, DiagnosticNamesTheFirstModule) {
  GuardedJIT T;
  ResourceTrackerSP First = T.JD.createResourceTracker();
  ASSERT_OK(T.add("a", 2, First));
  ASSERT_OK(T.add("c", 2));
  ASSERT_OK(First->remove());
  Error Err = T.add("b", 3);
  ASSERT_TRUE(!!Err);
  EXPECT_EQ(maskHashes(toString(std::move(Err))),
            "uniqlink: module 'b' defines weak symbol 'demo::helper(long)' "
            "(_ZN4demo6helperEl) with IR content hash 0x#, but module 'a' "
            "already added a different body (0x#) to JITDylib 'main'");
}

// An add that ORC refuses after the guard admitted the module (here: a
// second strong `a`) forgets that module only, not the others its tracker
// holds: the loaded helper still keeps a different body out.
TEST(IRDefinitionGuard, FailedAddForgetsOnlyThatModule) {
  GuardedJIT T;
  ASSERT_OK(T.add("a", 2));
  EXPECT_ERROR(T.add("a", 2));
  EXPECT_EQ(T.G.numDefinitions(T.JD), 1u);
  EXPECT_ERROR(T.add("b", 3));
  EXPECT_VALUE(callEntry(*T.J, "a", 10), 20);
}

TEST(IRDefinitionGuard, OneNamespacePerJITDylib) {
  GuardedJIT T;
  JITDylib &Other = cantFail(T.J->createJITDylib("other"));
  ASSERT_OK(T.add("a", 2));
  EXPECT_OK(T.add("b", 3, Other.getDefaultResourceTracker()));
}

} // namespace
