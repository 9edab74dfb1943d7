//===- DigestOnlyTest.cpp - Digest-only fingerprints equal full ones ------===//
//
// uniqlink-check fingerprints digest-only (no bytes, relocation records or
// local data copies) and relies on getting the digests a full fingerprint
// gives. Checked on every member of two of LLVM's own static archives
// (about 12,000 real definitions: jump tables, constant pools, string
// literals, COMDATs) and on damaged copies of them.
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Check/ArchiveWalk.h"
#include "uniqlink/Check/Fingerprint.h"
#include "llvm/Support/MemoryBuffer.h"
#include "gtest/gtest.h"
#include <random>

using namespace llvm;
using namespace uniqlink;

namespace {

/// Both ways of fingerprinting \p Buf agree: same error or same symbols
/// with the same digests, kinds, sizes and ODR hashes. Returns the number
/// of symbols compared.
size_t expectSameDigests(MemoryBufferRef Buf) {
  auto Full = fingerprintObjectBuffer(Buf, "full");
  auto Fast =
      fingerprintObjectBuffer(Buf, "full", FingerprintDetail::DigestOnly);
  EXPECT_EQ(bool(Full), bool(Fast)) << Buf.getBufferIdentifier().str();
  if (!Full || !Fast) {
    std::string A = Full ? "" : toString(Full.takeError());
    std::string B = Fast ? "" : toString(Fast.takeError());
    EXPECT_EQ(A, B);
    return 0;
  }
  EXPECT_EQ(Full->HasOdrTable, Fast->HasOdrTable);
  EXPECT_EQ(Full->Symbols.size(), Fast->Symbols.size());
  size_t N = std::min(Full->Symbols.size(), Fast->Symbols.size());
  for (size_t I = 0; I < N; ++I) {
    const SymbolFingerprint &F = Full->Symbols[I], &D = Fast->Symbols[I];
    EXPECT_EQ(F.Name, D.Name);
    EXPECT_EQ(F.Hash, D.Hash) << F.Name;
    EXPECT_EQ(F.Kind, D.Kind) << F.Name;
    EXPECT_EQ(F.Binding, D.Binding) << F.Name;
    EXPECT_EQ(F.Size, D.Size) << F.Name;
    EXPECT_EQ(F.CommonAlign, D.CommonAlign) << F.Name;
    EXPECT_EQ(F.HasOdrHash, D.HasOdrHash) << F.Name;
    EXPECT_TRUE(F.Odr == D.Odr) << F.Name;
    EXPECT_TRUE(F.HasDetail);
    EXPECT_FALSE(D.HasDetail);
    EXPECT_TRUE(D.Bytes.empty() && D.Relocs.empty() && D.Section.empty());
    // Without detail on one side, only the extent can be told apart.
    Difference Diff = firstDifference(F, D);
    EXPECT_EQ(Diff.What, Difference::None) << Diff.describe();
  }
  return N;
}

/// The readable members of the archive in \p Archive (ArchiveWalk.h),
/// named after the archive.
std::vector<MemoryBufferRef> members(MemoryBufferRef Archive) {
  std::vector<MemoryBufferRef> Out;
  Error Err =
      walkArchive(Archive, "llvm.a", [&](const ArchiveMember &M, Error E) {
        if (E)
          consumeError(std::move(E));
        else
          Out.emplace_back(M.Buffer.getBuffer(), Archive.getBufferIdentifier());
        return true;
      });
  EXPECT_FALSE(bool(Err)) << toString(std::move(Err));
  return Out;
}

class DigestOnly : public ::testing::TestWithParam<const char *> {};

TEST_P(DigestOnly, SameDigestsAsFullOnLLVMArchive) {
  std::string Path = std::string(UNIQLINK_TEST_LLVM_LIBDIR) + "/" + GetParam();
  auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false);
  if (!Buf)
    GTEST_SKIP() << Path << ": " << Buf.getError().message();
  size_t Symbols = 0;
  std::vector<MemoryBufferRef> Objects = members((*Buf)->getMemBufferRef());
  for (MemoryBufferRef M : Objects)
    Symbols += expectSameDigests(M);
  EXPECT_GT(Objects.size(), 10u);
  EXPECT_GT(Symbols, 1000u);
  RecordProperty("objects", int(Objects.size()));
  RecordProperty("symbols", int(Symbols));

  // Damaged objects: both paths fail alike or agree.
  std::mt19937 Rng(7);
  for (size_t I = 0; I < Objects.size(); I += 8) {
    StringRef Orig = Objects[I].getBuffer();
    for (int Round = 0; Round < 4; ++Round) {
      std::string Copy = Orig.str();
      for (int K = 0; K < 8 && !Copy.empty(); ++K)
        Copy[Rng() % Copy.size()] = char(Rng());
      expectSameDigests(MemoryBufferRef(Copy, "damaged.o"));
    }
  }
}

// Support (C with C++, constant pools, jump tables, string literals) and
// Core (templates: many weak COMDAT definitions).
INSTANTIATE_TEST_SUITE_P(LLVMArchives, DigestOnly,
                         ::testing::Values("libLLVMSupport.a",
                                           "libLLVMCore.a"));

} // namespace
