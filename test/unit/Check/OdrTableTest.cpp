//===- OdrTableTest.cpp - Unit tests for the ODR table format and rules --===//
//
// The ODR table is untrusted input to the checker: every truncation and
// every single-byte corruption of a valid table must decode to a value or an
// error, never crash. Also: round trips, concatenated tables, and the
// registry's rule (both hashes decide, otherwise bytes) on synthetic
// fingerprints.
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Format/OdrTable.h"
#include "uniqlink/Check/Diagnostics.h"
#include "uniqlink/Check/Registry.h"
#include "gtest/gtest.h"

using namespace llvm;
using namespace uniqlink;

namespace {

std::vector<OdrEntry> sample() {
  return {{"_Z1fv", {1, 1}},
          {"_Z4workPii", {0x0123456789abcdefULL, 0xfedcba9876543210ULL}},
          {"x", {~0ULL, 0}}};
}

TEST(OdrTableTest, RoundTrip) {
  std::vector<uint8_t> Bytes = encodeOdrTable(sample());
  ASSERT_EQ(StringRef(reinterpret_cast<const char *>(Bytes.data()), 5),
            "ULODR");
  EXPECT_EQ(Bytes[5], OdrTableVersion);
  auto Decoded = decodeOdrTable(Bytes);
  ASSERT_TRUE(bool(Decoded)) << toString(Decoded.takeError());
  ASSERT_EQ(Decoded->size(), 3u);
  EXPECT_EQ((*Decoded)[1].Name, "_Z4workPii");
  EXPECT_EQ((*Decoded)[1].Hashes.Hash, 0x0123456789abcdefULL);
  EXPECT_EQ((*Decoded)[1].Hashes.OwnHash, 0xfedcba9876543210ULL);
  EXPECT_EQ((*Decoded)[2].Hashes.Hash, ~0ULL);
  EXPECT_EQ((*Decoded)[2].Hashes.OwnHash, 0u);
}

TEST(OdrTableTest, VersionOneTablesStillRead) {
  // magic, version 1, one entry "f" with one hash: both hashes are it.
  std::vector<uint8_t> V1 = {'U', 'L', 'O', 'D', 'R', 1, 1, 0, 0, 0, 1, 0,
                             0,   0,   'f', 7,   0,   0, 0, 0, 0, 0, 0};
  auto Decoded = decodeOdrTable(V1);
  ASSERT_TRUE(bool(Decoded)) << toString(Decoded.takeError());
  ASSERT_EQ(Decoded->size(), 1u);
  EXPECT_EQ((*Decoded)[0].Hashes.Hash, 7u);
  EXPECT_EQ((*Decoded)[0].Hashes.OwnHash, 7u);
  V1[5] = 3;
  EXPECT_FALSE(bool(decodeOdrTable(V1)));
  consumeError(decodeOdrTable(V1).takeError());
}

TEST(OdrTableTest, EmptyTableIsValidEmptySectionIsNot) {
  auto Empty = decodeOdrTable(encodeOdrTable({}));
  ASSERT_TRUE(bool(Empty));
  EXPECT_TRUE(Empty->empty());
  auto None = decodeOdrTable({});
  ASSERT_FALSE(bool(None));
  EXPECT_NE(toString(None.takeError()).find("empty section"),
            std::string::npos);
}

TEST(OdrTableTest, EveryTruncationIsAnError) {
  std::vector<uint8_t> Bytes = encodeOdrTable(sample());
  for (size_t N = 0; N < Bytes.size(); ++N) {
    auto R = decodeOdrTable(ArrayRef<uint8_t>(Bytes).take_front(N));
    EXPECT_FALSE(bool(R)) << "prefix " << N;
    if (!R)
      consumeError(R.takeError());
  }
}

TEST(OdrTableTest, EverySingleByteCorruptionIsHandled) {
  std::vector<uint8_t> Good = encodeOdrTable(sample());
  for (size_t I = 0; I < Good.size(); ++I)
    for (uint8_t V : {uint8_t(0), uint8_t(0xff), uint8_t(Good[I] ^ 1)}) {
      std::vector<uint8_t> Bad = Good;
      Bad[I] = V;
      auto R = decodeOdrTable(Bad);
      if (!R)
        consumeError(R.takeError());
    }
}

TEST(OdrTableTest, ConcatenatedTables) {
  std::vector<uint8_t> A = encodeOdrTable({{"a", 1}, {"shared", 7}});
  std::vector<uint8_t> B = encodeOdrTable({{"b", 2}, {"shared", 7}});
  A.insert(A.end(), B.begin(), B.end());
  auto R = decodeOdrTable(A);
  ASSERT_TRUE(bool(R)) << toString(R.takeError());
  EXPECT_EQ(R->size(), 3u);

  std::vector<uint8_t> C = encodeOdrTable({{"shared", 8}});
  A.insert(A.end(), C.begin(), C.end());
  auto Conflict = decodeOdrTable(A);
  ASSERT_FALSE(bool(Conflict));
  EXPECT_NE(toString(Conflict.takeError()).find("conflicting entries"),
            std::string::npos);
}

/// A definition with byte digest \p Bytes and, if \p Odr is set, the ODR
/// hashes *Odr (body and what it reaches) and \p Own (body alone; defaults
/// to *Odr, as for a leaf).
SymbolFingerprint sym(StringRef Name, uint64_t Bytes,
                      std::optional<uint64_t> Odr,
                      std::optional<uint64_t> Own = std::nullopt) {
  SymbolFingerprint S;
  S.Name = Name.str();
  S.Kind = SymbolKind::Function;
  S.Binding = SymbolBinding::Weak;
  S.Hash = Bytes;
  S.Bytes = {uint8_t(Bytes)};
  S.Size = 1;
  if (Odr) {
    S.HasOdrHash = true;
    S.Odr.Hash = *Odr;
    S.Odr.OwnHash = Own.value_or(*Odr);
  }
  return S;
}

ObjectFingerprint object(StringRef Origin, SymbolFingerprint S) {
  ObjectFingerprint O;
  O.Origin = Origin.str();
  O.HasOdrTable = S.HasOdrHash;
  O.Symbols.push_back(std::move(S));
  return O;
}

/// Admits \p A then checks \p B; returns the collisions (empty: accepted).
std::vector<Collision> judge(SymbolFingerprint A, SymbolFingerprint B) {
  Registry R;
  EXPECT_TRUE(bool(R.admit(object("a.o", std::move(A)))));
  std::vector<Collision> Out;
  Error Rest =
      takeCollisions(R.check(object("b.o", std::move(B))).takeError(), Out);
  EXPECT_FALSE(bool(Rest));
  return Out;
}

TEST(OdrTableTest, BothHashesDecide) {
  // Different bytes, same IR hash: accepted.
  EXPECT_TRUE(judge(sym("f", 1, 10), sym("f", 2, 10)).empty());
  // Same bytes, different IR hash: a collision decided by the table.
  std::vector<Collision> C = judge(sym("f", 1, 10), sym("f", 1, 11));
  ASSERT_EQ(C.size(), 1u);
  EXPECT_EQ(C[0].DecidedBy, Evidence::OdrTable);
  EXPECT_EQ(C[0].LoadedOdr.Hash, 10u);
  EXPECT_EQ(C[0].NewOdr.Hash, 11u);
  EXPECT_EQ(C[0].FirstDiff.What, Difference::None);
  EXPECT_NE(C[0].describe().find("decided by: odr-table"), std::string::npos);
  json::Value J = toJSON(C[0]);
  EXPECT_EQ(*J.getAsObject()->getString("evidence"), "odr-table");
}

TEST(OdrTableTest, SameBodyReachingDifferentDefinitionsFallsBackToBytes) {
  // Same body (own 5), different reach (10 vs 11): the bytes decide.
  EXPECT_TRUE(judge(sym("f", 1, 10, 5), sym("f", 1, 11, 5)).empty());
  std::vector<Collision> C = judge(sym("f", 1, 10, 5), sym("f", 2, 11, 5));
  ASSERT_EQ(C.size(), 1u);
  EXPECT_EQ(C[0].DecidedBy, Evidence::OdrTableThenBytes);
  EXPECT_EQ(C[0].LoadedOdr.OwnHash, 5u);
  EXPECT_EQ(C[0].NewOdr.OwnHash, 5u);
  EXPECT_NE(C[0].describe().find("decided by: odr-table+bytes"),
            std::string::npos);
  EXPECT_EQ(*toJSON(C[0]).getAsObject()->getString("evidence"),
            "odr-table+bytes");
  // Different bodies: a collision whatever the bytes and the reach.
  C = judge(sym("f", 1, 10, 5), sym("f", 1, 11, 6));
  ASSERT_EQ(C.size(), 1u);
  EXPECT_EQ(C[0].DecidedBy, Evidence::OdrTable);
  // Same body and reach: the same definition whatever the bytes.
  EXPECT_TRUE(judge(sym("f", 1, 10, 5), sym("f", 2, 10, 5)).empty());
}

TEST(OdrTableTest, OneSidedHashFallsBackToBytes) {
  EXPECT_TRUE(judge(sym("f", 1, 10), sym("f", 1, std::nullopt)).empty());
  EXPECT_TRUE(judge(sym("f", 1, std::nullopt), sym("f", 1, 10)).empty());
  std::vector<Collision> C = judge(sym("f", 1, 10), sym("f", 2, std::nullopt));
  ASSERT_EQ(C.size(), 1u);
  EXPECT_EQ(C[0].DecidedBy, Evidence::Bytes);
  EXPECT_EQ(*toJSON(C[0]).getAsObject()->getString("evidence"), "bytes");
  EXPECT_EQ(toJSON(C[0]).getAsObject()->get("loaded_odr_hash"), nullptr);
}

} // namespace
