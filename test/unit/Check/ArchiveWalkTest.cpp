//===- ArchiveWalkTest.cpp - The one archive walk ------------------------===//
//
// walkArchive (uniqlink/Check/ArchiveWalk.h) on archives built in memory:
// members in order with their index and "archive(member)" origin, a last
// member whose size field runs past the end refused (never handed over),
// an early stop, and a buffer that is not an archive.
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Check/ArchiveWalk.h"
#include "llvm/Support/FormatVariadic.h"
#include "gtest/gtest.h"
#include <string>
#include <vector>

using namespace llvm;
using namespace uniqlink;

namespace {

/// A GNU archive member header (60 bytes) for \p Name claiming \p Size.
std::string header(StringRef Name, size_t Size) {
  return formatv("{0,-16}{1,-12}{2,-6}{3,-6}{4,-8}{5,-10}`\n",
                 (Name + "/").str(), 0, 0, 0, 644, Size)
      .str();
}

/// An archive of (name, contents) members; the last one's size field is
/// enlarged by \p Overclaim bytes.
std::string archive(ArrayRef<std::pair<StringRef, StringRef>> Members,
                    size_t Overclaim = 0) {
  std::string A = "!<arch>\n";
  for (size_t I = 0; I < Members.size(); ++I) {
    auto [Name, Data] = Members[I];
    bool Last = I + 1 == Members.size();
    A += header(Name, Data.size() + (Last ? Overclaim : 0));
    A += Data.str();
    if (Data.size() % 2)
      A += "\n";
  }
  return A;
}

struct Visit {
  uint64_t Index;
  std::string Origin;
  std::string Data;
  std::string Error;
};

std::vector<Visit> walk(StringRef Bytes, std::string &WalkError,
                        size_t StopAfter = ~size_t(0)) {
  std::vector<Visit> Out;
  Error E = walkArchive(MemoryBufferRef(Bytes, "x.a"), "x.a",
                        [&](const ArchiveMember &M, Error Err) {
                          Visit V{M.Index, M.Origin, "", ""};
                          if (Err) {
                            V.Error = toString(std::move(Err));
                          } else {
                            EXPECT_EQ(M.Buffer.getBufferIdentifier(), M.Origin);
                            EXPECT_GE(M.Buffer.getBufferStart(), Bytes.begin());
                            EXPECT_LE(M.Buffer.getBufferEnd(), Bytes.end());
                            V.Data = M.Buffer.getBuffer().str();
                          }
                          Out.push_back(V);
                          return Out.size() < StopAfter;
                        });
  WalkError = E ? toString(std::move(E)) : "";
  return Out;
}

TEST(ArchiveWalk, MembersInOrder) {
  std::string A = archive({{"a.o", "hello"}, {"b.o", "world!"}});
  std::string Err;
  std::vector<Visit> V = walk(A, Err);
  EXPECT_EQ(Err, "");
  ASSERT_EQ(V.size(), 2u);
  EXPECT_EQ(V[0].Index, 0u);
  EXPECT_EQ(V[0].Origin, "x.a(a.o)");
  EXPECT_EQ(V[0].Data, "hello");
  EXPECT_EQ(V[1].Index, 1u);
  EXPECT_EQ(V[1].Origin, "x.a(b.o)");
  EXPECT_EQ(V[1].Data, "world!");
}

TEST(ArchiveWalk, StopsWhenAsked) {
  std::string A = archive({{"a.o", "hello"}, {"b.o", "world!"}});
  std::string Err;
  std::vector<Visit> V = walk(A, Err, /*StopAfter=*/1);
  EXPECT_EQ(Err, "");
  ASSERT_EQ(V.size(), 1u);
  EXPECT_EQ(V[0].Origin, "x.a(a.o)");
}

TEST(ArchiveWalk, LastMemberPastTheEndIsRefused) {
  std::string A = archive({{"a.o", "hello"}, {"b.o", "world!"}}, 100);
  std::string Err;
  std::vector<Visit> V = walk(A, Err);
  // LLVM may refuse the member list itself; if it hands the member over,
  // the walk refuses it. Either way no bytes past the end are visited.
  for (const Visit &X : V)
    if (X.Origin == "x.a(b.o)")
      EXPECT_EQ(X.Error, "archive member extends past the end of the archive");
  EXPECT_TRUE(!Err.empty() || (V.size() == 2 && !V[1].Error.empty()));
}

TEST(ArchiveWalk, NotAnArchive) {
  std::string Err;
  std::vector<Visit> V = walk("not an archive", Err);
  EXPECT_TRUE(V.empty());
  EXPECT_FALSE(Err.empty());
}

} // namespace
