//===- Difference.cpp - The first difference between two definitions ----===//
//
// A collision report is only useful if it says *what* differs. This walks
// two fingerprints in the order a reader would (kind, extent, bytes,
// relocations, then the local data the relocations point at) and stops at
// the first difference. A digest-only side (Fingerprint.h) stops the walk
// after the extent: the answer is then "Unexplained".
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Check/Fingerprint.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace uniqlink {
namespace {

std::string hexByte(ArrayRef<uint8_t> B, uint64_t I) {
  if (I >= B.size())
    return "end";
  return formatv("{0:x2}", B[I]).str();
}

/// Index of the first differing byte, or ~0 if equal.
uint64_t firstByteDiff(ArrayRef<uint8_t> A, ArrayRef<uint8_t> B) {
  size_t N = std::min(A.size(), B.size());
  for (size_t I = 0; I < N; ++I)
    if (A[I] != B[I])
      return I;
  return A.size() == B.size() ? ~uint64_t(0) : N;
}

std::string targetText(const RelocRecord &R) {
  std::string S;
  if (R.TargetIsLocal)
    S = "local " + R.Local.Where +
        (R.Local.OffsetInRegion
             ? (Twine("+0x") + Twine::utohexstr(R.Local.OffsetInRegion)).str()
             : std::string());
  else
    S = R.TargetName.empty() ? "<none>" : R.TargetName;
  if (R.Addend)
    S += formatv(" addend {0}", R.Addend).str();
  return S;
}

std::string relocText(const RelocRecord &R) {
  return formatv("+{0:x} {1} -> {2}", R.Offset,
                 R.TypeName.empty() ? std::to_string(R.Type) : R.TypeName,
                 targetText(R))
      .str();
}

} // namespace

Difference firstDifference(const SymbolFingerprint &A,
                           const SymbolFingerprint &B) {
  Difference D;
  if (A.Kind != B.Kind) {
    D.What = Difference::Kind;
    D.Loaded = symbolKindName(A.Kind).str();
    D.New = symbolKindName(B.Kind).str();
    return D;
  }
  if (A.Size != B.Size) {
    D.What = Difference::Size;
    D.Loaded = std::to_string(A.Size);
    D.New = std::to_string(B.Size);
    return D;
  }
  if (A.CommonAlign != B.CommonAlign) {
    D.What = Difference::Alignment;
    D.Loaded = std::to_string(A.CommonAlign);
    D.New = std::to_string(B.CommonAlign);
    return D;
  }
  if (!A.HasDetail || !B.HasDetail) {
    // A digest-only side: the bytes and relocations are not at hand.
    if (A.Hash != B.Hash) {
      D.What = Difference::Unexplained;
      D.Loaded = formatDigest(A.Hash);
      D.New = formatDigest(B.Hash);
    }
    return D;
  }
  uint64_t I = firstByteDiff(A.Bytes, B.Bytes);
  if (I != ~uint64_t(0)) {
    D.What = Difference::Bytes;
    D.Offset = I;
    D.Loaded = hexByte(A.Bytes, I);
    D.New = hexByte(B.Bytes, I);
    return D;
  }
  if (A.Relocs.size() != B.Relocs.size()) {
    D.What = Difference::RelocCount;
    D.Loaded = std::to_string(A.Relocs.size());
    D.New = std::to_string(B.Relocs.size());
    return D;
  }
  // Direct differences first (a local-data difference may only be the
  // echo of a later relocation, reached again through a jump table).
  for (size_t R = 0; R < A.Relocs.size(); ++R) {
    const RelocRecord &X = A.Relocs[R], &Y = B.Relocs[R];
    D.RelocIndex = R;
    bool SameLocal = X.TargetIsLocal && Y.TargetIsLocal &&
                     X.Local.OffsetInRegion == Y.Local.OffsetInRegion;
    if (X.Offset != Y.Offset || X.Type != Y.Type || X.Addend != Y.Addend ||
        X.TargetIsLocal != Y.TargetIsLocal || X.TargetName != Y.TargetName ||
        (X.TargetIsLocal && !SameLocal)) {
      D.What = Difference::Reloc;
      D.Loaded = relocText(X);
      D.New = relocText(Y);
      return D;
    }
  }
  for (size_t R = 0; R < A.Relocs.size(); ++R) {
    const RelocRecord &X = A.Relocs[R], &Y = B.Relocs[R];
    D.RelocIndex = R;
    if (X.TargetIsLocal && X.Local.Hash != Y.Local.Hash) {
      D.What = Difference::LocalData;
      D.Offset = firstByteDiff(X.Local.Bytes, Y.Local.Bytes);
      if (D.Offset == ~uint64_t(0)) {
        D.Loaded = X.Local.Where + " (its references differ)";
        D.New = Y.Local.Where + " (its references differ)";
      } else {
        D.Loaded = X.Local.Where + ": " + hexByte(X.Local.Bytes, D.Offset);
        D.New = Y.Local.Where + ": " + hexByte(Y.Local.Bytes, D.Offset);
      }
      return D;
    }
  }
  D.RelocIndex = 0;
  if (A.Hash != B.Hash) {
    D.What = Difference::Digest;
    D.Loaded = formatDigest(A.Hash);
    D.New = formatDigest(B.Hash);
  }
  return D;
}

std::string Difference::describe() const {
  switch (What) {
  case None:
    return "identical";
  case Kind:
    return formatv("symbol kind: {0} vs {1}", Loaded, New).str();
  case Size:
    return formatv("size: {0} vs {1} bytes", Loaded, New).str();
  case Alignment:
    return formatv("alignment: {0} vs {1}", Loaded, New).str();
  case Bytes:
    return formatv("byte +{0:x}: {1} vs {2}", Offset, Loaded, New).str();
  case RelocCount:
    return formatv("number of relocations: {0} vs {1}", Loaded, New).str();
  case Reloc:
    return formatv("relocation #{0}: {1} vs {2}", RelocIndex, Loaded, New)
        .str();
  case LocalData:
    if (Offset == ~uint64_t(0))
      return formatv("relocation #{0} points at different local data: {1} "
                     "vs {2}",
                     RelocIndex, Loaded, New)
          .str();
    return formatv("relocation #{0} points at different local data, byte "
                   "+{1:x}: {2} vs {3}",
                   RelocIndex, Offset, Loaded, New)
        .str();
  case Digest:
    return formatv("digest: {0} vs {1}", Loaded, New).str();
  case Unexplained:
    return "bytes or relocations (not kept: load both objects again to "
           "see which)";
  }
  return "unknown";
}

} // namespace uniqlink
