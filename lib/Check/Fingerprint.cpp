//===- Fingerprint.cpp - Fingerprints of defined object symbols ----------===//
//
// The algorithm over the format-neutral model (ObjectModel.h):
//
// * A definition's extent is its symbol's size, or up to the next symbol
//   or the section end where the format records no size.
// * Its digest covers kind, size, bytes and, for every relocation inside,
//   (offset from start, type, target, addend). Targets bound by name count
//   by name. Local targets count by the content of the *region* they point
//   at: the constant-pool entry (fixed-size pools), the string (string
//   pools), or the span between the nearest atom boundaries (symbols and
//   the other local targets of the object) -- plus the offset into it.
// * A region's content is its bytes and its own relocations, recursively.
//   The walk keeps a stack of regions; a reference to a region on the stack
//   hashes as its distance from the top, so cycles terminate and hash the
//   same wherever they occur. A region reached again by another path hashes
//   as its preorder number in this walk, so each walk is linear in the
//   regions it reaches. A region's digest is memoized only if its
//   subtree has no back edge above it (otherwise it depends on the path).
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Check/Fingerprint.h"
#include "ObjectModel.h"
#include "uniqlink/Compat/Support.h"
#include "uniqlink/Format/OdrTable.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Object/Binary.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FormatVariadic.h"
#include <algorithm>

using namespace llvm;
using namespace llvm::object;

namespace uniqlink {

StringRef symbolKindName(SymbolKind K) {
  switch (K) {
  case SymbolKind::Function:
    return "function";
  case SymbolKind::Data:
    return "data";
  case SymbolKind::Common:
    return "common";
  case SymbolKind::Other:
    return "other";
  }
  return "other";
}

StringRef symbolBindingName(SymbolBinding B) {
  return B == SymbolBinding::Weak ? "weak" : "global";
}

std::string formatDigest(uint64_t Hash) {
  return llvm::formatv("{0:x-16}", Hash).str();
}

namespace detail {

Error malformed(const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(), Msg);
}

Error readSectionData(const object::SectionRef &Sec, MSection &MS) {
  if (MS.Virtual)
    return Error::success();
  Expected<StringRef> DataOrErr = Sec.getContents();
  if (!DataOrErr)
    return DataOrErr.takeError();
  if (DataOrErr->size() < MS.Size)
    return malformed("section '" + MS.Name + "' is truncated");
  MS.Data = arrayRefFromStringRef(*DataOrErr);
  return Error::success();
}

int64_t readLE(ArrayRef<uint8_t> Data, uint64_t Offset, unsigned Size) {
  uint64_t V = 0;
  for (unsigned I = 0; I < Size && Offset + I < Data.size(); ++I)
    V |= uint64_t(Data[Offset + I]) << (8 * I);
  if (Size < 8)
    return SignExtend64(V, Size * 8);
  return int64_t(V);
}

void Model::mask(unsigned Sec, uint64_t Offset, unsigned Size) {
  MSection &S = Sections[Sec];
  if (S.Masked.empty() && !S.Data.empty()) {
    S.Masked.assign(S.Data.begin(), S.Data.end());
    S.Data = S.Masked;
  }
  for (unsigned I = 0; I < Size && Offset + I < S.Masked.size(); ++I)
    S.Masked[Offset + I] = 0;
}

void Model::patch(unsigned Sec, uint64_t Offset, uint8_t Byte) {
  MSection &S = Sections[Sec];
  if (S.Masked.empty() && !S.Data.empty()) {
    S.Masked.assign(S.Data.begin(), S.Data.end());
    S.Data = S.Masked;
  }
  if (Offset < S.Masked.size())
    S.Masked[Offset] = Byte;
}

Error Model::finish() {
  for (MSection &S : Sections) {
    if (!S.Virtual && S.Data.size() < S.Size)
      return malformed("section '" + S.Name + "' is truncated");
    llvm::stable_sort(S.Relocs, [](const MReloc &A, const MReloc &B) {
      return A.Offset < B.Offset;
    });
  }
  for (const MSymbol &Sym : Symbols) {
    if (!Sym.Defined || Sym.Common || Sym.Absolute || Sym.FormatSpecific)
      continue;
    if (Sym.Section >= Sections.size())
      return malformed("symbol '" + Sym.Name + "' has an invalid section");
    const MSection &S = Sections[Sym.Section];
    if (Sym.Offset > S.Size || Sym.Size > S.Size - Sym.Offset)
      return malformed("symbol '" + Sym.Name + "' extends past the end of '" +
                       S.Name + "'");
  }
  return Error::success();
}

namespace {

/// Appends integers and strings to a byte buffer to be hashed.
class Encoder {
public:
  void u8(uint8_t V) { Buf.push_back(V); }
  void u64(uint64_t V) {
    uint8_t B[8];
    support::endian::write64le(B, V);
    Buf.append(B, B + 8);
  }
  void str(StringRef S) {
    u64(S.size());
    Buf.append(S.begin(), S.end());
  }
  void bytes(ArrayRef<uint8_t> B) {
    u64(B.size());
    Buf.append(B.begin(), B.end());
  }
  void reserve(size_t N) { Buf.reserve(N); }
  void clear() { Buf.clear(); }
  uint64_t digest() const { return compat::hashBytes(Buf); }

private:
  SmallVector<uint8_t, 256> Buf;
};

struct Region {
  unsigned Sec = 0;
  uint64_t Start = 0, End = 0;
  bool Valid = false;
};

/// Hard limit on the depth of the local-data walk (adversarial inputs);
/// deeper references hash as a fixed marker.
constexpr unsigned kMaxDepth = 256;
/// Hard limit on the regions one definition's walk may enter.
constexpr unsigned kMaxVisits = 1u << 16;

class Fingerprinter {
public:
  explicit Fingerprinter(Model &M);

  /// Fingerprints the defined external symbols (only those in \p Only if
  /// it is set).
  ObjectFingerprint run(StringRef Origin, FingerprintDetail Detail,
                        const DenseSet<StringRef> *Only);

private:
  uint64_t extentEnd(const MSymbol &S);
  Region regionFor(unsigned Sec, int64_t Off);
  uint64_t hashRegion(const Region &R, unsigned &Low);
  void encodeRelocs(Encoder &E, const Region &R, unsigned &Low,
                    std::vector<RelocRecord> *Detail);
  std::string describeRegion(const Region &R, int64_t Off);

  Model &M;
  /// Per section: symbol starts (offset, symbol index), sorted.
  std::vector<std::vector<std::pair<uint64_t, unsigned>>> Starts;
  /// Per section: atom boundaries (symbol starts/ends, local targets).
  std::vector<std::vector<uint64_t>> Bounds;
  DenseMap<std::pair<unsigned, uint64_t>, uint64_t> Memo;
  /// The walk of the current root: the stack of regions being hashed (and
  /// their positions), and every region entered so far in preorder.
  SmallVector<std::pair<unsigned, uint64_t>, 16> Stack;
  DenseMap<std::pair<unsigned, uint64_t>, unsigned> OnStack;
  DenseMap<std::pair<unsigned, uint64_t>, unsigned> Visited;
  /// The encoding of the current root, reused across symbols.
  Encoder Root;
};

Fingerprinter::Fingerprinter(Model &M)
    : M(M), Starts(M.Sections.size()), Bounds(M.Sections.size()) {
  auto IsPlaced = [](const MSymbol &S) {
    return S.Defined && !S.Common && !S.Absolute && !S.FormatSpecific;
  };
  auto IsLocalTarget = [&](const MReloc &R) {
    return R.Target == MReloc::Local && R.TargetOffset >= 0 &&
           uint64_t(R.TargetOffset) < M.Sections[R.TargetSection].Size;
  };
  // Counted first, so that each vector is allocated once: growing them one
  // push_back at a time was a sixth of the checker's time on the small
  // objects a JIT adds.
  std::vector<unsigned> NumStarts(M.Sections.size());
  std::vector<unsigned> NumBounds(M.Sections.size(), 2);
  for (const MSymbol &S : M.Symbols)
    if (IsPlaced(S)) {
      ++NumStarts[S.Section];
      NumBounds[S.Section] += S.Size ? 2 : 1;
    }
  for (const MSection &S : M.Sections)
    for (const MReloc &R : S.Relocs)
      if (IsLocalTarget(R))
        ++NumBounds[R.TargetSection];
  for (unsigned I = 0; I < M.Sections.size(); ++I) {
    Starts[I].reserve(NumStarts[I]);
    Bounds[I].reserve(NumBounds[I]);
  }

  for (unsigned I = 0; I < M.Symbols.size(); ++I) {
    const MSymbol &S = M.Symbols[I];
    if (!IsPlaced(S))
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
  for (unsigned I = 0; I < M.Sections.size(); ++I) {
    llvm::sort(Starts[I]);
    std::vector<uint64_t> &B = Bounds[I];
    B.push_back(0);
    B.push_back(M.Sections[I].Size);
    llvm::sort(B);
    B.erase(std::unique(B.begin(), B.end()), B.end());
  }
}

uint64_t Fingerprinter::extentEnd(const MSymbol &S) {
  const MSection &Sec = M.Sections[S.Section];
  if (S.Size)
    return S.Offset + S.Size;
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
  const auto &St = Starts[R.Sec];
  for (auto It =
           std::lower_bound(St.begin(), St.end(), std::make_pair(R.Start, 0u));
       It != St.end() && It->first == R.Start; ++It)
    if (!M.Symbols[It->second].Name.empty() &&
        !compat::startsWith(M.Symbols[It->second].Name, "$"))
      return M.Symbols[It->second].Name.str();
  return (S.Name + "+0x" + Twine::utohexstr(R.Start)).str();
}

void Fingerprinter::encodeRelocs(Encoder &E, const Region &R, unsigned &Low,
                                 std::vector<RelocRecord> *Detail) {
  const std::vector<MReloc> &Rs = M.Sections[R.Sec].Relocs;
  auto It = std::lower_bound(
      Rs.begin(), Rs.end(), R.Start,
      [](const MReloc &A, uint64_t V) { return A.Offset < V; });
  auto End =
      std::lower_bound(It, Rs.end(), R.End, [](const MReloc &A, uint64_t V) {
        return A.Offset < V;
      });
  if (Detail)
    Detail->reserve(Detail->size() + (End - It));
  for (; It != End; ++It) {
    const MReloc &Rel = *It;
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
    uint64_t OffsetInRegion, H;
    if (!T.Valid) {
      // Outside its section: all we know is where it points.
      OffsetInRegion = uint64_t(Rel.TargetOffset);
      E.u8('o');
      E.str(M.Sections[T.Sec].Name);
      E.u64(OffsetInRegion);
      H = 0;
    } else {
      OffsetInRegion = uint64_t(Rel.TargetOffset) - T.Start;
      E.u64(OffsetInRegion);
      auto Key = std::make_pair(T.Sec, T.Start);
      auto On = OnStack.find(Key);
      auto Known = Memo.find(Key);
      auto Seen = Visited.find(Key);
      if (On != OnStack.end()) {
        // A cycle: the distance up the walk stack.
        unsigned Pos = On->second;
        Low = std::min(Low, Pos);
        E.u8('b');
        E.u64(Stack.size() - Pos);
        H = Stack.size() - Pos;
      } else if (Known != Memo.end()) {
        H = Known->second;
        E.u8('h');
        E.u64(H);
      } else if (Seen != Visited.end()) {
        // Reached again by another path of this walk: its visit number
        // (which depends on the walk, so nothing above is memoized).
        Low = 0;
        E.u8('v');
        E.u64(Seen->second);
        H = Seen->second;
      } else if (Stack.size() >= kMaxDepth || Visited.size() >= kMaxVisits) {
        Low = 0;
        E.u8('d');
        H = ~uint64_t(0);
      } else {
        H = hashRegion(T, Low);
        E.u8('h');
        E.u64(H);
      }
    }
    if (!Rec)
      continue;
    Rec->TargetIsLocal = true;
    LocalTarget &L = Rec->Local;
    L.OffsetInRegion = OffsetInRegion;
    L.Hash = H;
    L.Where = describeRegion(T, Rel.TargetOffset);
    const MSection &TS = M.Sections[T.Sec];
    if (T.Valid && !TS.Virtual) {
      uint64_t N =
          std::min<uint64_t>(T.End - T.Start, LocalTarget::kMaxLocalBytes);
      L.Bytes.assign(TS.Data.begin() + T.Start, TS.Data.begin() + T.Start + N);
    }
  }
}

uint64_t Fingerprinter::hashRegion(const Region &R, unsigned &Low) {
  auto Key = std::make_pair(R.Sec, R.Start);
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

ObjectFingerprint Fingerprinter::run(StringRef Origin, FingerprintDetail Detail,
                                     const DenseSet<StringRef> *Only) {
  bool Full = Detail == FingerprintDetail::Full;
  ObjectFingerprint OF;
  OF.Origin = Origin.str();
  DenseSet<StringRef> Seen;
  for (const MSymbol &Sym : M.Symbols) {
    if (!Sym.Defined || !Sym.External || Sym.FormatSpecific || Sym.Name.empty())
      continue;
    if (!Seen.insert(Sym.Name).second)
      continue;
    if (Only && !Only->contains(Sym.Name))
      continue;
    SymbolFingerprint &SF = OF.Symbols.emplace_back();
    SF.Name = Sym.Name.str();
    SF.Kind = Sym.Kind;
    SF.Binding = Sym.Weak ? SymbolBinding::Weak : SymbolBinding::Global;
    SF.HasDetail = Full;
    Encoder &E = Root;
    E.clear();
    E.u8('S');
    E.u8(uint8_t(SF.Kind));
    if (Sym.Common) {
      SF.Size = Sym.Size;
      SF.CommonAlign = Sym.CommonAlign;
      E.u64(SF.Size);
      E.u64(SF.CommonAlign);
    } else if (Sym.Absolute) {
      SF.Size = 0;
      uint8_t Value[8];
      for (unsigned I = 0; I < 8; ++I)
        Value[I] = uint8_t(Sym.Offset >> (8 * I));
      if (Full)
        SF.Bytes.assign(Value, Value + 8);
      E.u8('a');
      E.bytes(Value);
    } else {
      const MSection &S = M.Sections[Sym.Section];
      Region R;
      R.Sec = Sym.Section;
      R.Start = Sym.Offset;
      R.End = std::max(extentEnd(Sym), R.Start);
      R.Valid = true;
      SF.Size = R.End - R.Start;
      if (Full)
        SF.Section = S.Name;
      if (!S.Virtual)
        E.reserve(SF.Size + 64);
      E.u64(SF.Size);
      if (!S.Virtual) {
        ArrayRef<uint8_t> Body = S.Data.slice(R.Start, SF.Size);
        if (Full)
          SF.Bytes.assign(Body.begin(), Body.end());
        E.bytes(Body);
      } else {
        E.u8('z');
      }
      Stack.clear();
      OnStack.clear();
      Visited.clear();
      Stack.push_back({R.Sec, R.Start});
      OnStack[{R.Sec, R.Start}] = 0;
      Visited[{R.Sec, R.Start}] = 0;
      unsigned Low = 0;
      encodeRelocs(E, R, Low, Full ? &SF.Relocs : nullptr);
      Stack.clear();
    }
    SF.Hash = E.digest();
  }
  return OF;
}

} // namespace
} // namespace detail

/// Reads the ODR table section(s) of \p M, if any, into \p OF.
static Error attachOdrTable(const detail::Model &M, ObjectFingerprint &OF) {
  StringMap<OdrHashPair> Hashes;
  for (const detail::MSection &S : M.Sections) {
    if (!isOdrTableSection(S.Name))
      continue;
    OF.HasOdrTable = true;
    if (S.Virtual || S.Data.size() != S.Size)
      return detail::malformed("section '" + S.Name +
                               "': ODR table has no contents");
    auto EntriesOrErr = decodeOdrTable(S.Data);
    if (!EntriesOrErr)
      return detail::malformed("section '" + S.Name +
                               "': " + toString(EntriesOrErr.takeError()));
    for (const OdrEntry &E : *EntriesOrErr) {
      auto [It, Inserted] = Hashes.try_emplace(E.Name, E.Hashes);
      if (!Inserted && It->second != E.Hashes)
        return detail::malformed("section '" + S.Name +
                                 "': conflicting ODR table entries for '" +
                                 E.Name + "'");
    }
  }
  for (SymbolFingerprint &SF : OF.Symbols) {
    auto It = Hashes.find(SF.Name);
    if (It == Hashes.end())
      continue;
    SF.HasOdrHash = true;
    SF.OdrHash = It->second.Hash;
    SF.OdrOwnHash = It->second.OwnHash;
  }
  return Error::success();
}

static Expected<ObjectFingerprint>
fingerprint(const ObjectFile &Obj, StringRef Origin, FingerprintDetail Detail,
            const DenseSet<StringRef> *Only) {
  auto Fail = [&](Error E) -> Error {
    return createStringError(inconvertibleErrorCode(), "%s: %s",
                             Origin.str().c_str(),
                             toString(std::move(E)).c_str());
  };
  if (!Obj.isRelocatableObject())
    return Fail(detail::malformed("not a relocatable object file"));
  detail::Model M;
  Error E = Error::success();
  if (Obj.isELF())
    E = detail::buildELFModel(Obj, M);
  else if (Obj.isMachO())
    E = detail::buildMachOModel(Obj, M);
  else if (Obj.isCOFF())
    E = detail::buildCOFFModel(Obj, M);
  else
    E = detail::malformed("unsupported object file format");
  if (E)
    return Fail(std::move(E));
  if (Error E2 = M.finish())
    return Fail(std::move(E2));
  ObjectFingerprint OF = detail::Fingerprinter(M).run(Origin, Detail, Only);
  if (Error E3 = attachOdrTable(M, OF))
    return Fail(std::move(E3));
  return OF;
}

Expected<ObjectFingerprint> fingerprintObject(const ObjectFile &Obj,
                                              StringRef Origin,
                                              FingerprintDetail Detail) {
  return fingerprint(Obj, Origin, Detail, nullptr);
}

static Expected<std::unique_ptr<ObjectFile>> open(MemoryBufferRef Buffer,
                                                  StringRef Origin) {
  auto ObjOrErr = ObjectFile::createObjectFile(Buffer);
  if (!ObjOrErr)
    return createStringError(inconvertibleErrorCode(), "%s: %s",
                             Origin.str().c_str(),
                             toString(ObjOrErr.takeError()).c_str());
  return std::move(*ObjOrErr);
}

Expected<ObjectFingerprint> fingerprintObjectBuffer(MemoryBufferRef Buffer,
                                                    StringRef Origin,
                                                    FingerprintDetail Detail) {
  auto ObjOrErr = open(Buffer, Origin);
  if (!ObjOrErr)
    return ObjOrErr.takeError();
  return fingerprint(**ObjOrErr, Origin, Detail, nullptr);
}

Expected<ObjectFingerprint> fingerprintSymbols(MemoryBufferRef Buffer,
                                               StringRef Origin,
                                               ArrayRef<StringRef> Names) {
  auto ObjOrErr = open(Buffer, Origin);
  if (!ObjOrErr)
    return ObjOrErr.takeError();
  DenseSet<StringRef> Only(Names.begin(), Names.end());
  return fingerprint(**ObjOrErr, Origin, FingerprintDetail::Full, &Only);
}

} // namespace uniqlink
