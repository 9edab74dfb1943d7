//===- Regions.cpp - Local data a definition reaches, by content ---------===//
//
// A relocation to a local target counts by the content of the *region* it
// points at: the constant-pool entry (fixed-size pools), the string (string
// pools), or the span between the nearest atom boundaries (symbols and the
// other local targets of the object) -- plus the offset into it.
//
// A region's content is its bytes and its own relocations, recursively.
// The walk keeps a stack of regions; a reference to a region on the stack
// hashes as its distance from the top, so cycles terminate and hash the
// same wherever they occur. A region reached again by another path hashes
// as its preorder number in this walk, so each walk is linear in the
// regions it reaches. A region's digest is memoized only if its subtree
// has no back edge above it (otherwise it depends on the path).
//
//===----------------------------------------------------------------------===//
#include "Fingerprinter.h"
#include "uniqlink/Compat/Support.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"
#include <algorithm>

using namespace llvm;

namespace uniqlink {
namespace detail {

static bool isPlaced(const MSymbol &S) {
  return S.Defined && !S.Common && !S.Absolute && !S.FormatSpecific;
}

void Fingerprinter::reset() {
  HaveBounds = false;
  Memo.clear();
  Seen.clear();
}

void Fingerprinter::collectBounds() {
  HaveBounds = true;
  auto IsLocalTarget = [&](const MReloc &R) {
    return R.Target == MReloc::Local && R.TargetOffset >= 0 &&
           uint64_t(R.TargetOffset) < M.Sections[R.TargetSection].Size;
  };
  // Counted first, so that each vector is allocated once: growing them one
  // push_back at a time was a sixth of the checker's time on the small
  // objects a JIT adds. The vectors keep their buffers across objects.
  size_t NumSections = M.Sections.size();
  Starts.resize(NumSections);
  Bounds.resize(NumSections);
  NumStarts.assign(NumSections, 0);
  NumBounds.assign(NumSections, 2);
  for (const MSymbol &S : M.Symbols)
    if (isPlaced(S)) {
      ++NumStarts[S.Section];
      NumBounds[S.Section] += S.Size ? 2 : 1;
    }
  for (const MSection &S : M.Sections)
    for (const MReloc &R : S.Relocs)
      if (IsLocalTarget(R))
        ++NumBounds[R.TargetSection];
  for (unsigned I = 0; I < NumSections; ++I) {
    Starts[I].clear();
    Starts[I].reserve(NumStarts[I]);
    Bounds[I].clear();
    Bounds[I].reserve(NumBounds[I]);
  }

  for (unsigned I = 0; I < M.Symbols.size(); ++I) {
    const MSymbol &S = M.Symbols[I];
    if (!isPlaced(S))
      continue;
    Starts[S.Section].push_back({S.Offset, I});
    Bounds[S.Section].push_back(S.Offset);
    if (S.Size)
      Bounds[S.Section].push_back(S.Offset + S.Size);
  }
  for (const MSection &S : M.Sections)
    for (const MReloc &R : S.Relocs)
      if (IsLocalTarget(R))
        Bounds[R.TargetSection].push_back(R.TargetOffset);
  // Most sections hold no symbol or one: their tables are in order already,
  // and sorting each was a third of this function on a JIT's small objects.
  for (unsigned I = 0; I < M.Sections.size(); ++I) {
    if (!llvm::is_sorted(Starts[I]))
      llvm::sort(Starts[I]);
    std::vector<uint64_t> &B = Bounds[I];
    B.push_back(0);
    B.push_back(M.Sections[I].Size);
    if (!llvm::is_sorted(B))
      llvm::sort(B);
    B.erase(std::unique(B.begin(), B.end()), B.end());
  }
}

uint64_t Fingerprinter::extentEnd(const MSymbol &S) {
  const MSection &Sec = M.Sections[S.Section];
  if (S.Size)
    return S.Offset + S.Size;
  needBounds();
  const auto &St = Starts[S.Section];
  auto It =
      std::upper_bound(St.begin(), St.end(), S.Offset,
                       [](uint64_t V, const std::pair<uint64_t, unsigned> &P) {
                         return V < P.first;
                       });
  return It == St.end() ? Sec.Size : It->first;
}

Region Fingerprinter::regionFor(unsigned Sec, int64_t Off) {
  Region R;
  R.Sec = Sec;
  const MSection &S = M.Sections[Sec];
  if (Off < 0 || uint64_t(Off) >= S.Size)
    return R;
  uint64_t O = Off;
  R.Valid = true;
  if (S.EntSize) {
    R.Start = O - O % S.EntSize;
    R.End = std::min(R.Start + S.EntSize, S.Size);
    return R;
  }
  if (S.Strings && !S.Virtual) {
    R.Start = O;
    R.End = O;
    while (R.End < S.Size && S.Data[R.End] != 0)
      ++R.End;
    R.End = std::min(R.End + 1, S.Size);
    return R;
  }
  needBounds();
  const std::vector<uint64_t> &B = Bounds[Sec];
  auto It = std::upper_bound(B.begin(), B.end(), O);
  R.Start = *std::prev(It);
  R.End = It == B.end() ? S.Size : *It;
  return R;
}

std::string Fingerprinter::describeRegion(const Region &R, int64_t Off) {
  const MSection &S = M.Sections[R.Sec];
  if (!R.Valid)
    return (S.Name + (Off < 0 ? "-" : "+") + "0x" +
            Twine::utohexstr(Off < 0 ? -uint64_t(Off) : uint64_t(Off)) +
            " (outside the section)")
        .str();
  // Starts are sorted: only the symbols at R.Start can name it.
  needBounds();
  const auto &St = Starts[R.Sec];
  for (auto It =
           std::lower_bound(St.begin(), St.end(), std::make_pair(R.Start, 0u));
       It != St.end() && It->first == R.Start; ++It)
    if (!M.Symbols[It->second].Name.empty() &&
        !compat::startsWith(M.Symbols[It->second].Name, "$"))
      return M.Symbols[It->second].Name.str();
  return (S.Name + "+0x" + Twine::utohexstr(R.Start)).str();
}

void Fingerprinter::startWalk(const Region &Root) {
  Stack.clear();
  if (InWalkMaps) {
    OnStack.clear();
    Visited.clear();
    InWalkMaps = false;
  }
  Stack.push_back({Root.Sec, Root.Start});
}

/// Enters the root into the walk's maps, before the first lookup: as if
/// startWalk() had, without the cost for walks that never look.
void Fingerprinter::enterWalkMaps() {
  if (InWalkMaps)
    return;
  InWalkMaps = true;
  OnStack[Stack.front()] = 0;
  Visited[Stack.front()] = 0;
}

void Fingerprinter::encodeRelocs(Encoder &E, const Region &R, unsigned &Low,
                                 std::vector<RelocRecord> *Detail) {
  const std::vector<MReloc> &Rs = M.Sections[R.Sec].Relocs;
  auto Before = [](const MReloc &A, uint64_t V) { return A.Offset < V; };
  auto It = std::lower_bound(Rs.begin(), Rs.end(), R.Start, Before);
  auto End = std::lower_bound(It, Rs.end(), R.End, Before);
  if (Detail)
    Detail->reserve(Detail->size() + (End - It));
  for (const MReloc &Rel : make_range(It, End)) {
    uint64_t Offset = Rel.Offset - R.Start;
    E.u8('r');
    E.u64(Offset);
    E.u64(Rel.Type);
    E.u8(Rel.Target);
    RelocRecord *Rec = nullptr;
    if (Detail) {
      Rec = &Detail->emplace_back();
      Rec->Offset = Offset;
      Rec->Type = Rel.Type;
      auto Name = M.TypeNames.find(Rel.Type);
      if (Name != M.TypeNames.end())
        Rec->TypeName = Name->second;
    }
    if (Rel.Target != MReloc::Local) {
      E.str(Rel.Name);
      E.u64(Rel.Addend);
      if (Rec) {
        Rec->Addend = Rel.Addend;
        Rec->TargetName = Rel.Name.str();
      }
      continue;
    }
    Region T = regionFor(Rel.TargetSection, Rel.TargetOffset);
    auto [OffsetInRegion, H] = encodeLocalTarget(E, T, Rel.TargetOffset, Low);
    if (!Rec)
      continue;
    Rec->TargetIsLocal = true;
    Rec->Local.OffsetInRegion = OffsetInRegion;
    Rec->Local.Hash = H;
    recordLocalTarget(Rec->Local, T, Rel.TargetOffset);
  }
}

/// Encodes a local target \p T; returns (offset in region, region hash).
std::pair<uint64_t, uint64_t>
Fingerprinter::encodeLocalTarget(Encoder &E, const Region &T,
                                 int64_t TargetOffset, unsigned &Low) {
  if (!T.Valid) {
    // Outside its section: all we know is where it points.
    E.u8('o');
    E.str(M.Sections[T.Sec].Name);
    E.u64(uint64_t(TargetOffset));
    return {uint64_t(TargetOffset), 0};
  }
  uint64_t OffsetInRegion = uint64_t(TargetOffset) - T.Start;
  E.u64(OffsetInRegion);
  return {OffsetInRegion, encodeRegionRef(E, T, Low)};
}

/// Encodes a reference to the valid region \p T; returns what stands for
/// its hash.
uint64_t Fingerprinter::encodeRegionRef(Encoder &E, const Region &T,
                                        unsigned &Low) {
  enterWalkMaps();
  RegionKey Key(T.Sec, T.Start);
  auto On = OnStack.find(Key);
  if (On != OnStack.end()) {
    // A cycle: the distance up the walk stack.
    unsigned Pos = On->second;
    Low = std::min(Low, Pos);
    E.u8('b');
    E.u64(Stack.size() - Pos);
    return Stack.size() - Pos;
  }
  auto Known = Memo.find(Key);
  if (Known != Memo.end()) {
    E.u8('h');
    E.u64(Known->second);
    return Known->second;
  }
  auto Seen = Visited.find(Key);
  if (Seen != Visited.end()) {
    // Reached again by another path of this walk: its visit number (which
    // depends on the walk, so nothing above is memoized).
    Low = 0;
    E.u8('v');
    E.u64(Seen->second);
    return Seen->second;
  }
  if (Stack.size() >= kMaxDepth || Visited.size() >= kMaxVisits) {
    Low = 0;
    E.u8('d');
    return ~uint64_t(0);
  }
  uint64_t H = hashRegion(T, Low);
  E.u8('h');
  E.u64(H);
  return H;
}

/// The diagnostic detail of a local target: where, and its first bytes.
void Fingerprinter::recordLocalTarget(LocalTarget &L, const Region &T,
                                      int64_t TargetOffset) {
  L.Where = describeRegion(T, TargetOffset);
  const MSection &TS = M.Sections[T.Sec];
  if (T.Valid && !TS.Virtual) {
    uint64_t N =
        std::min<uint64_t>(T.End - T.Start, LocalTarget::kMaxLocalBytes);
    L.Bytes.assign(TS.Data.begin() + T.Start, TS.Data.begin() + T.Start + N);
  }
}

uint64_t Fingerprinter::hashRegion(const Region &R, unsigned &Low) {
  RegionKey Key(R.Sec, R.Start);
  auto Hit = Memo.find(Key);
  if (Hit != Memo.end())
    return Hit->second;
  unsigned Pos = Stack.size();
  Stack.push_back(Key);
  OnStack[Key] = Pos;
  Visited.try_emplace(Key, Visited.size());
  const MSection &S = M.Sections[R.Sec];
  Encoder E;
  if (!S.Virtual)
    E.reserve(R.End - R.Start + 64);
  E.u8('R');
  E.u64(R.End - R.Start);
  if (!S.Virtual)
    E.bytes(S.Data.slice(R.Start, R.End - R.Start));
  unsigned MyLow = Pos;
  encodeRelocs(E, R, MyLow, nullptr);
  Stack.pop_back();
  OnStack.erase(Key);
  uint64_t H = E.digest();
  if (MyLow >= Pos)
    Memo[Key] = H;
  Low = std::min(Low, MyLow);
  return H;
}

} // namespace detail
} // namespace uniqlink
