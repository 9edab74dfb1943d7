//===- SymbolNameTest.cpp - The grammar of renamed names -----------------===//
//
// uniqlink/Format/SymbolName.h: the names the pass builds, in every mode, are
// `<original>.__ul.<decimal parts>`, and splitting one gives back the
// original and the parts, whatever the original and the numbers are.
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Format/SymbolName.h"

#include "llvm/ADT/StringExtras.h"
#include "gtest/gtest.h"

#include <cstdint>
#include <random>
#include <string>

using namespace llvm;
using namespace uniqlink;

namespace {

TEST(SymbolName, EveryModeShape) {
  EXPECT_EQ(makeUniqueName("_Z1fv", 42, ""), "_Z1fv.__ul.42");
  EXPECT_EQ(makeUniqueName("_Z1fv", 42, "7"), "_Z1fv.__ul.42.7");
  EXPECT_EQ(makeUniqueName("_Z1fv", std::nullopt, "7"), "_Z1fv.__ul.7");
}

TEST(SymbolName, HashIsDecimalAtEveryLength) {
  std::mt19937_64 Rng(7);
  std::vector<uint64_t> Values = {0, 9, 10, 99, 100, 999, 1000, ~0ULL};
  for (int I = 0; I < 500; ++I)
    Values.push_back(Rng() >> (Rng() % 64));
  for (uint64_t H : Values)
    EXPECT_EQ(makeUniqueName("f", H, ""), "f.__ul." + utostr(H)) << H;
}

TEST(SymbolName, SplitGivesBackOriginalAndSuffix) {
  for (StringRef Original : {"f", "_ZN4demo6helperEl", "x.cold", "a.b.c"}) {
    std::string Name = makeUniqueName(Original, 123, "456");
    std::optional<UniqueNameParts> P = splitUniqueName(Name);
    ASSERT_TRUE(P.has_value()) << Name;
    EXPECT_EQ(P->Original, Original);
    EXPECT_EQ(P->Suffix, "123.456");
    EXPECT_TRUE(isUniqueLinkonceName(Name));
  }
  // A clone suffix a later tool appends stays in the suffix.
  std::optional<UniqueNameParts> P = splitUniqueName("f.__ul.1.cold.2");
  ASSERT_TRUE(P.has_value());
  EXPECT_EQ(P->Original, "f");
  EXPECT_EQ(P->Suffix, "1.cold.2");
}

TEST(SymbolName, OnlyTheTagBetweenDotsCounts) {
  for (StringRef Name : {"f", "f.__ul", "f__ul.1", "f._ul.1", "__ul.1", ""})
    EXPECT_FALSE(isUniqueLinkonceName(Name)) << Name.str();
  EXPECT_TRUE(isUniqueLinkonceName(".__ul."));
}

} // namespace
