//===- ContentHashPairTest.cpp - Two hashings from one walk ---------------===//
//
// computeContentHashPair splices its second encoding of each definition from
// the first instead of walking the IR again. Whatever the second classifier
// drops to "by name" (nothing, some, every node), and whichever roots are
// asked for, both maps must hold exactly what two separate
// computeContentHashes runs give.
//
//===----------------------------------------------------------------------===//
#include "HashTestUtil.h"

#include "llvm/ADT/StringExtras.h"

using namespace llvm;
using namespace uniqlink;
using namespace uniqlink::test;

namespace {

/// Recursion, a cycle through an internal function, a variable and
/// metadata that refer to functions, and a definition with more references
/// than the encoder's linear slot search holds.
std::string pairModule() {
  std::string IR = R"(
@table = linkonce_odr constant [2 x ptr] [ptr @a, ptr @b]

define linkonce_odr i32 @a(i32 %n) {
  %c = icmp eq i32 %n, 0
  br i1 %c, label %done, label %more
more:
  %m = sub i32 %n, 1
  %r = call i32 @b(i32 %m)
  ret i32 %r
done:
  ret i32 0
}

define linkonce_odr i32 @b(i32 %n) {
  %r = call i32 @a(i32 %n), !callees !0
  %s = add i32 %r, 1
  ret i32 %s
}

define internal i32 @helper(i32 %n) {
  %r = call i32 @b(i32 %n)
  %t = call i32 @c(i32 %r)
  ret i32 %t
}

define linkonce_odr i32 @c(i32 %n) {
  %p = load ptr, ptr @table
  %x = call i32 @a(i32 %n)
  %y = call i32 @helper(i32 %x)
  %z = call i32 @a(i32 %y)
  ret i32 %z
}

define linkonce_odr i32 @leaf(i32 %n) {
  %r = mul i32 %n, 3
  ret i32 %r
}

!0 = !{ptr @a}
)";
  // @wide calls 20 linkonce_odr leaves and, between them, @a: slots past
  // the linear search's limit, some of which move when @a is dropped.
  std::string Wide = "define linkonce_odr i32 @wide(i32 %n) {\n";
  for (unsigned I = 0; I != 20; ++I) {
    IR += "define linkonce_odr i32 @l" + utostr(I) +
          "(i32 %n) {\n  %r = add i32 %n, " + utostr(I) + "\n  ret i32 %r\n}\n";
    Wide += "  %v" + utostr(I) + " = call i32 @l" + utostr(I) + "(i32 %n)\n";
    if (I % 5 == 2)
      Wide += "  %w" + utostr(I) + " = call i32 @a(i32 %v" + utostr(I) + ")\n";
  }
  Wide += "  ret i32 %n\n}\n";
  return IR + Wide;
}

/// Checks the pair against two separate runs, for \p Roots.
void expectSameAsSeparate(const Module &M, RefClassifier Second,
                          ArrayRef<const GlobalValue *> Roots) {
  HashOptions Opts;
  auto [First, SecondHashes] =
      computeContentHashPair(M, defaultRefKind, Roots, Opts, Second);
  ContentHashes Alone = computeContentHashes(M, defaultRefKind, Roots, Opts);
  Opts.References = Second;
  ContentHashes SecondAlone =
      computeContentHashes(M, defaultRefKind, Roots, Opts);
  for (const GlobalValue *GV : Roots) {
    if (defaultRefKind(*GV) != RefKind::ByContent)
      continue;
    ASSERT_TRUE(First.count(GV) && SecondHashes.count(GV))
        << GV->getName().str();
    EXPECT_EQ(First.lookup(GV), Alone.lookup(GV)) << GV->getName().str();
    EXPECT_EQ(SecondHashes.lookup(GV), SecondAlone.lookup(GV))
        << GV->getName().str();
  }
}

/// Every global of \p M, and each one alone, as roots.
void expectSameForAllRoots(const Module &M, RefClassifier Second) {
  std::vector<const GlobalValue *> All;
  for (const GlobalValue &GV : M.global_values())
    All.push_back(&GV);
  expectSameAsSeparate(M, Second, All);
  for (const GlobalValue *GV : All)
    expectSameAsSeparate(M, Second, {GV});
}

RefKind sameAsFirst(const GlobalValue &GV) { return defaultRefKind(GV); }

RefKind linkonceByName(const GlobalValue &GV) {
  return GV.hasLinkOnceODRLinkage() ? RefKind::ByName : defaultRefKind(GV);
}

RefKind everythingByName(const GlobalValue &) { return RefKind::ByName; }

/// Some nodes only: @a and the even leaves.
RefKind someByName(const GlobalValue &GV) {
  StringRef Name = GV.getName();
  if (Name == "a" ||
      (Name.size() > 1 && Name[0] == 'l' && (Name.back() - '0') % 2 == 0))
    return RefKind::ByName;
  return defaultRefKind(GV);
}

TEST(ContentHashPair, SameAsTwoSeparateRuns) {
  LLVMContext Ctx;
  auto M = parseIR(Ctx, pairModule());
  ASSERT_TRUE(M);
  for (RefClassifier Second :
       {RefClassifier(sameAsFirst), RefClassifier(linkonceByName),
        RefClassifier(everythingByName), RefClassifier(someByName)})
    expectSameForAllRoots(*M, Second);
}

TEST(ContentHashPair, SecondHashesDifferWhereReferencesDo) {
  // Not the first map twice: a definition that references a node the
  // second classifier drops hashes differently, one that references none
  // the same.
  LLVMContext Ctx;
  auto M = parseIR(Ctx, pairModule());
  ASSERT_TRUE(M);
  std::vector<const GlobalValue *> All;
  for (const GlobalValue &GV : M->global_values())
    All.push_back(&GV);
  auto [First, Second] =
      computeContentHashPair(*M, defaultRefKind, All, {}, linkonceByName);
  for (StringRef Name : {"a", "b", "c", "wide", "table"}) {
    const GlobalValue *GV = M->getNamedValue(Name);
    EXPECT_NE(First.lookup(GV), Second.lookup(GV)) << Name.str();
  }
  const GlobalValue *Leaf = M->getNamedValue("leaf");
  EXPECT_EQ(First.lookup(Leaf), Second.lookup(Leaf));
}

} // namespace
