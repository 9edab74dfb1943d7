//===- ContentHashEncodingTest.cpp - The encoder's shortcuts stay exact ---===//
//
// The encoder takes shortcuts for speed: uniqued metadata subtrees (TBAA type
// DAGs) are replaced by a digest computed once per module, local values are
// numbered in a table reused across definitions, references to other
// definitions are found by linear search while there are few. Each test here
// checks that a shortcut keeps the hash a function of content only: a change
// anywhere below a digest changes the hash, what the encoder saw before (other
// definitions, other uses of the same node) never does, and distinct nodes
// keep their identity.
//
//===----------------------------------------------------------------------===//
#include "HashTestUtil.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"

#include <string>

using namespace llvm;
using namespace uniqlink;
using namespace uniqlink::test;

namespace {

/// A load and a store through TBAA access tags !10 and !11: a struct S
/// { int a; float b; } as clang emits it. \p Patch replaces one metadata line
/// (by its leading "!N =") to mutate the DAG.
std::string tbaaModule(StringRef Patch = "", StringRef Extra = "") {
  std::string Meta = "!1 = !{!\"Simple C++ TBAA\"}\n"
                     "!2 = !{!\"omnipotent char\", !3, i64 0}\n"
                     "!3 = !{!1}\n"
                     "!4 = !{!\"int\", !2, i64 0}\n"
                     "!5 = !{!\"float\", !2, i64 0}\n"
                     "!6 = !{!\"_ZTS1S\", !4, i64 0, !5, i64 4}\n"
                     "!10 = !{!6, !4, i64 0}\n"
                     "!11 = !{!6, !5, i64 4}\n";
  if (!Patch.empty()) {
    StringRef Key = Patch.take_until([](char C) { return C == '='; });
    size_t Pos = Meta.find(Key.str());
    EXPECT_NE(Pos, std::string::npos) << Key.str();
    size_t End = Meta.find('\n', Pos);
    Meta.replace(Pos, End - Pos, Patch.str());
  }
  return (Extra +
          "define linkonce_odr float @f(ptr %p) {\n"
          "  %a = load i32, ptr %p, !tbaa !10\n"
          "  %q = getelementptr inbounds i8, ptr %p, i64 4\n"
          "  store float 1.0, ptr %q, !tbaa !11\n"
          "  %b = sitofp i32 %a to float\n"
          "  ret float %b\n"
          "}\n" +
          Meta)
      .str();
}

TEST(ContentHashEncoding, ChangeBelowTBAADigestChangesHash) {
  uint64_t Base = hashOf(tbaaModule(), "f");
  // Every level of the DAG: the root's name, a scalar type's name, a
  // struct's member offset, the access tag's offset.
  EXPECT_NE(Base, hashOf(tbaaModule("!1 = !{!\"Other TBAA\"}"), "f"));
  EXPECT_NE(Base,
            hashOf(tbaaModule("!4 = !{!\"unsigned int\", !2, i64 0}"), "f"));
  EXPECT_NE(
      Base,
      hashOf(tbaaModule("!6 = !{!\"_ZTS1T\", !4, i64 0, !5, i64 4}"), "f"));
  EXPECT_NE(Base, hashOf(tbaaModule("!10 = !{!6, !4, i64 0, i64 1}"), "f"));
  // Swapping which tag each access uses.
  std::string Swapped = tbaaModule();
  Swapped.replace(Swapped.find("!tbaa !10"), 9, "!tbaa !XX");
  Swapped.replace(Swapped.find("!tbaa !11"), 9, "!tbaa !10");
  Swapped.replace(Swapped.find("!tbaa !XX"), 9, "!tbaa !11");
  EXPECT_NE(Base, hashOf(Swapped, "f"));
  // Same DAG with other node numbers: same hash.
  std::string Renumbered = tbaaModule();
  for (auto [From, To] : {std::pair("!10", "!90"), std::pair("!11", "!91"),
                          std::pair("!6", "!86"), std::pair("!1 ", "!81 "),
                          std::pair("!1}", "!81}")})
    for (size_t P = 0; (P = Renumbered.find(From, P)) != std::string::npos;
         P += StringRef(To).size())
      Renumbered.replace(P, StringRef(From).size(), To);
  EXPECT_EQ(Base, hashOf(Renumbered, "f"));
}

TEST(ContentHashEncoding, DigestDoesNotDependOnEarlierUses) {
  // @g is encoded first in the same module and digests the DAG; @f must
  // hash as it does alone.
  const char *G = "define linkonce_odr i32 @g(ptr %p) {\n"
                  "  %v = load i32, ptr %p, !tbaa !11\n"
                  "  ret i32 %v\n}\n";
  EXPECT_EQ(hashOf(tbaaModule(), "f"), hashOf(tbaaModule("", G), "f"));
}

TEST(ContentHashEncoding, DistinctNodesKeepIdentity) {
  // Two accesses in one scope, or in two scopes that look alike: different
  // programs (the optimizer may reorder only the second pair).
  auto Scopes = [](StringRef StoreScope) {
    return hashOf(("define linkonce_odr i32 @f(ptr %p, ptr %q) {\n"
                   "  store i32 1, ptr %q, !alias.scope !1, !noalias !" +
                   StoreScope +
                   "\n"
                   "  %v = load i32, ptr %p, !alias.scope !1\n"
                   "  ret i32 %v\n}\n"
                   "!0 = distinct !{!0, !\"domain\"}\n"
                   "!1 = !{!2}\n"
                   "!2 = distinct !{!2, !0, !\"scope\"}\n"
                   "!3 = !{!4}\n"
                   "!4 = distinct !{!4, !0, !\"scope\"}\n")
                      .str(),
                  "f");
  };
  EXPECT_NE(Scopes("1"), Scopes("3"));
}

TEST(ContentHashEncoding, UniquedNodeAroundDistinctNode) {
  // A uniqued list holding a distinct node gets no digest; changing the
  // distinct node's content still changes the hash.
  auto Scope = [](StringRef Name) {
    return hashOf(("define linkonce_odr i32 @f(ptr %p) {\n"
                   "  %v = load i32, ptr %p, !alias.scope !1\n"
                   "  ret i32 %v\n}\n"
                   "!0 = distinct !{!0, !\"domain\"}\n"
                   "!1 = !{!2}\n"
                   "!2 = distinct !{!2, !0, !\"" +
                   Name + "\"}\n")
                      .str(),
                  "f");
  };
  EXPECT_NE(Scope("a"), Scope("b"));
}

/// A function with a chain of \p N adds on %x, the constant \p Last in the
/// final one: more locals than the numbering table's first size.
std::string chain(StringRef Name, unsigned N, int Last) {
  std::string S = ("define linkonce_odr i32 @" + Name + "(i32 %x) {\n").str();
  std::string Prev = "%x";
  for (unsigned I = 0; I != N; ++I) {
    std::string V = "%v" + utostr(I);
    S += "  " + V + " = add i32 " + Prev + ", " +
         (I + 1 == N ? itostr(Last) : utostr(I)) + "\n";
    Prev = V;
  }
  return S + "  ret i32 " + Prev + "\n}\n";
}

TEST(ContentHashEncoding, LocalTableReuseAndGrowth) {
  uint64_t Alone = hashOf(chain("f", 500, 7), "f");
  // Encoded after other definitions of other sizes: same numbers.
  EXPECT_EQ(Alone, hashOf(chain("a", 40, 1) + chain("b", 1000, 2) +
                              chain("f", 500, 7) + chain("c", 3, 3),
                          "f"));
  EXPECT_NE(Alone, hashOf(chain("f", 500, 8), "f"));
  EXPECT_NE(Alone, hashOf(chain("f", 501, 7), "f"));
}

/// @f calls \p N linkonce_odr callees @c<I> (each returning I) in the order
/// \p Order, the callees defined in module order \p Defs.
std::string manyCallees(ArrayRef<unsigned> Order, ArrayRef<unsigned> Defs) {
  std::string S;
  for (unsigned I : Defs)
    S += "define linkonce_odr i32 @c" + utostr(I) + "() {\n  ret i32 " +
         utostr(I) + "\n}\n";
  S += "define linkonce_odr i32 @f() {\n";
  std::string Prev = "0";
  for (size_t K = 0; K != Order.size(); ++K) {
    S += "  %r" + utostr(K) + " = call i32 @c" + utostr(Order[K]) + "()\n";
    S += "  %s" + utostr(K) + " = add i32 " + Prev + ", %r" + utostr(K) + "\n";
    Prev = "%s" + utostr(K);
  }
  return S + "  ret i32 " + Prev + "\n}\n";
}

TEST(ContentHashEncoding, ManyReferences) {
  // More distinct references than the linear search handles, each used
  // twice (the second use must find the first's slot).
  std::vector<unsigned> Order, Defs;
  for (unsigned I = 0; I != 40; ++I)
    Order.push_back(I);
  for (unsigned I = 0; I != 40; ++I)
    Order.push_back(39 - I);
  for (unsigned I = 0; I != 40; ++I)
    Defs.push_back((I * 17) % 40);
  std::vector<unsigned> InOrder(Defs.rbegin(), Defs.rend());
  uint64_t H = hashOf(manyCallees(Order, Defs), "f");
  EXPECT_EQ(H, hashOf(manyCallees(Order, InOrder), "f"));
  // Swapping two calls past the linear-search limit changes the program.
  std::vector<unsigned> Swapped = Order;
  std::swap(Swapped[30], Swapped[31]);
  EXPECT_NE(H, hashOf(manyCallees(Swapped, Defs), "f"));
  // So does changing one callee's body: callee 35 returns 36.
  std::string Changed = manyCallees(Order, Defs);
  Changed.replace(Changed.find("ret i32 35\n"), 11, "ret i32 36\n");
  EXPECT_NE(H, hashOf(Changed, "f"));
}

} // namespace
