//===- EligibilityTest.cpp - Which definitions count, and how ------------===//
//
// uniqlink/Hash/Eligibility.h: the mergeable definitions are exactly the
// four weak linkages' definitions, and refKindOf sends declarations by name
// and local definitions by content whatever the user's predicate says,
// leaving only the other definitions to it.
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Hash/Eligibility.h"

#include "HashTestUtil.h"

using namespace llvm;
using namespace uniqlink;
using namespace uniqlink::test;

namespace {

constexpr const char *IR = R"(
declare void @decl()
define void @ext() { ret void }
define internal void @int() { ret void }
define private void @priv() { ret void }
define linkonce void @lo() { ret void }
define linkonce_odr void @lodr() { ret void }
define weak void @wk() { ret void }
define weak_odr void @wodr() { ret void }
define available_externally void @ae() { ret void }
@lodr.var = linkonce_odr constant i32 1
@weak.alias = weak alias void (), ptr @ext
@ext.var = global i32 0
)";

TEST(Eligibility, MergeableDefinitionsAreTheFourWeakLinkages) {
  LLVMContext Ctx;
  std::unique_ptr<Module> M = parseIR(Ctx, IR);
  ASSERT_TRUE(M);
  for (const char *Name :
       {"lo", "lodr", "wk", "wodr", "lodr.var", "weak.alias"})
    EXPECT_TRUE(isMergeableDefinition(*M->getNamedValue(Name))) << Name;
  for (const char *Name : {"decl", "ext", "int", "priv", "ae", "ext.var"})
    EXPECT_FALSE(isMergeableDefinition(*M->getNamedValue(Name))) << Name;
}

TEST(Eligibility, RefKindLeavesOnlyNonLocalDefinitionsToThePredicate) {
  LLVMContext Ctx;
  std::unique_ptr<Module> M = parseIR(Ctx, IR);
  ASSERT_TRUE(M);
  auto Always = [](const GlobalValue &) { return true; };
  auto Never = [](const GlobalValue &) { return false; };
  const GlobalValue &Decl = *M->getNamedValue("decl");
  EXPECT_EQ(refKindOf(Decl, Always), RefKind::ByName);
  for (const char *Name : {"int", "priv"})
    EXPECT_EQ(refKindOf(*M->getNamedValue(Name), Never), RefKind::ByContent)
        << Name;
  for (const char *Name : {"ext", "lodr", "ae", "ext.var"}) {
    const GlobalValue &GV = *M->getNamedValue(Name);
    EXPECT_EQ(refKindOf(GV, Always), RefKind::ByContent) << Name;
    EXPECT_EQ(refKindOf(GV, Never), RefKind::ByName) << Name;
  }
  EXPECT_EQ(refKindOf(*M->getNamedValue("wk"), isMergeableDefinition),
            RefKind::ByContent);
  EXPECT_EQ(refKindOf(*M->getNamedValue("ext"), isMergeableDefinition),
            RefKind::ByName);
}

} // namespace
