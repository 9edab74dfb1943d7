//===- Fingerprint.cpp - Fingerprints of defined object symbols ----------===//
//
// The algorithm over the format-neutral model (ObjectModel.h), one symbol at
// a time, and the entry points that build the model from an object file:
//
// * A definition's extent is its symbol's size, or up to the next symbol
//   or the section end where the format records no size.
// * Its digest covers kind, size, bytes and, for every relocation inside,
//   (offset from start, type, target, addend). Targets bound by name count
//   by name; local targets count by the content of the region they point at
//   (Regions.cpp). COMMON symbols count by size and alignment, absolute
//   ones by their value.
// * The ODR table's hashes, if the object has one, are attached afterwards
//   (OdrAttach.cpp).
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Check/Fingerprint.h"
#include "Fingerprinter.h"
#include "ObjectModel.h"
#include "uniqlink/Format/Bytes.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/BinaryFormat/Magic.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Object/ObjectFile.h"
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

/// Whether \p Sym is a definition the linker sees by name.
static bool isFingerprinted(const MSymbol &Sym) {
  return Sym.Defined && Sym.External && !Sym.FormatSpecific &&
         !Sym.Name.empty();
}

void Fingerprinter::run(ObjectFingerprint &OF, FingerprintDetail Detail,
                        const DenseSet<StringRef> *Only) {
  bool Full = Detail == FingerprintDetail::Full;
  size_t NumCandidates = llvm::count_if(M.Symbols, isFingerprinted);
  OF.Symbols.reserve(NumCandidates);
  // The first of duplicate names wins. A JIT's objects define a few names:
  // comparing with the earlier ones then beats filling (and clearing) Seen.
  bool Scan = NumCandidates <= 8;
  SmallVector<StringRef, 8> Earlier;
  for (const MSymbol &Sym : M.Symbols) {
    if (!isFingerprinted(Sym))
      continue;
    if (Scan ? llvm::is_contained(Earlier, Sym.Name)
             : !Seen.insert(Sym.Name).second)
      continue;
    if (Scan)
      Earlier.push_back(Sym.Name);
    if (Only && !Only->contains(Sym.Name))
      continue;
    fingerprintSymbol(Sym, Full, OF.Symbols.emplace_back());
  }
}

void Fingerprinter::fingerprintSymbol(const MSymbol &Sym, bool Full,
                                      SymbolFingerprint &SF) {
  SF.Name = Sym.Name.str();
  SF.Kind = Sym.Kind;
  SF.Binding = Sym.Weak ? SymbolBinding::Weak : SymbolBinding::Global;
  SF.HasDetail = Full;
  Root.clear();
  Root.u8('S');
  Root.u8(uint8_t(SF.Kind));
  if (Sym.Common) {
    SF.Size = Sym.Size;
    SF.CommonAlign = Sym.CommonAlign;
    Root.u64(SF.Size);
    Root.u64(SF.CommonAlign);
  } else if (Sym.Absolute) {
    encodeAbsolute(Sym, Full, SF);
  } else {
    encodePlaced(Sym, Full, SF);
  }
  SF.Hash = Root.digest();
}

/// An absolute symbol: its value, as 8 little-endian bytes.
void Fingerprinter::encodeAbsolute(const MSymbol &Sym, bool Full,
                                   SymbolFingerprint &SF) {
  SF.Size = 0;
  SmallVector<uint8_t, 8> Value;
  appendFixed64(Value, Sym.Offset);
  if (Full)
    SF.Bytes.assign(Value.begin(), Value.end());
  Root.u8('a');
  Root.bytes(Value);
}

/// A symbol in a section: its extent's bytes and relocations.
void Fingerprinter::encodePlaced(const MSymbol &Sym, bool Full,
                                 SymbolFingerprint &SF) {
  const MSection &S = M.Sections[Sym.Section];
  Region R;
  R.Sec = Sym.Section;
  R.Start = Sym.Offset;
  R.End = std::max(extentEnd(Sym), R.Start);
  R.Valid = true;
  SF.Size = R.End - R.Start;
  if (Full)
    SF.Section = S.Name.str();
  if (!S.Virtual)
    Root.reserve(SF.Size + 64);
  Root.u64(SF.Size);
  if (!S.Virtual) {
    ArrayRef<uint8_t> Body = S.Data.slice(R.Start, SF.Size);
    if (Full)
      SF.Bytes.assign(Body.begin(), Body.end());
    Root.bytes(Body);
  } else {
    Root.u8('z');
  }
  startWalk(R);
  unsigned Low = 0;
  encodeRelocs(Root, R, Low, Full ? &SF.Relocs : nullptr);
  Stack.clear();
}

/// Fills \p M from \p Obj with the reader of its format.
static Error buildModel(const ObjectFile &Obj, Model &M) {
  if (!Obj.isRelocatableObject())
    return malformed("not a relocatable object file");
  // The ELF reader sizes the sections it reuses; the others append theirs.
  if (!Obj.isELF())
    M.Sections.clear();
  Error E = Error::success();
  if (Obj.isELF())
    E = buildELFModel(Obj, M);
  else if (Obj.isMachO())
    E = buildMachOModel(Obj, M);
  else if (Obj.isCOFF())
    E = buildCOFFModel(Obj, M);
  else
    E = malformed("unsupported object file format");
  if (E)
    return E;
  return M.finish();
}

/// \p E, with its message prefixed by "<origin>: ".
static Error withOrigin(StringRef Origin, Error E) {
  return createStringError(inconvertibleErrorCode(), "%s: %s",
                           Origin.str().c_str(),
                           toString(std::move(E)).c_str());
}

Expected<ObjectFingerprint>
Workspace::fingerprint(const ObjectFile &Obj, StringRef Origin,
                       FingerprintDetail Detail,
                       const DenseSet<StringRef> *Only) {
  M.reset();
  M.WantTypeNames = Detail == FingerprintDetail::Full;
  if (Error E = buildModel(Obj, M))
    return withOrigin(Origin, std::move(E));
  F.reset();
  ObjectFingerprint OF;
  OF.Origin = Origin.str();
  F.run(OF, Detail, Only);
  if (Error E = attachOdrTable(M, OF))
    return withOrigin(Origin, std::move(E));
  return OF;
}

} // namespace detail

static Expected<std::unique_ptr<ObjectFile>> open(MemoryBufferRef Buffer,
                                                  StringRef Origin) {
  if (Error E = detail::checkMachOHeader(Buffer.getBuffer()))
    return detail::withOrigin(Origin, std::move(E));
  auto ObjOrErr = ObjectFile::createObjectFile(Buffer);
  if (!ObjOrErr)
    return detail::withOrigin(Origin, ObjOrErr.takeError());
  return std::move(*ObjOrErr);
}

Expected<ObjectFingerprint> fingerprintObject(const ObjectFile &Obj,
                                              StringRef Origin,
                                              FingerprintDetail Detail) {
  return detail::Workspace().fingerprint(Obj, Origin, Detail, nullptr);
}

Expected<ObjectFingerprint> fingerprintObjectBuffer(MemoryBufferRef Buffer,
                                                    StringRef Origin,
                                                    FingerprintDetail Detail) {
  return FingerprintWorkspace().fingerprintBuffer(Buffer, Origin, Detail);
}

Expected<ObjectFingerprint> fingerprintSymbols(MemoryBufferRef Buffer,
                                               StringRef Origin,
                                               ArrayRef<StringRef> Names) {
  auto ObjOrErr = open(Buffer, Origin);
  if (!ObjOrErr)
    return ObjOrErr.takeError();
  DenseSet<StringRef> Only(Names.begin(), Names.end());
  return detail::Workspace().fingerprint(**ObjOrErr, Origin,
                                         FingerprintDetail::Full, &Only);
}

FingerprintWorkspace::FingerprintWorkspace()
    : Impl(std::make_unique<detail::Workspace>()) {}
FingerprintWorkspace::~FingerprintWorkspace() = default;

/// Whether ObjectFile::createObjectFile() would make \p Buffer an
/// ELF64LEObjectFile with ELF64LEObjectFile::create() (what a JIT on x86-64
/// or AArch64 Linux adds).
static bool isELF64LERelocatable(MemoryBufferRef Buffer) {
  StringRef Data = Buffer.getBuffer();
  // createELFObjectFile() refuses a start that is not 2-aligned first.
  return identify_magic(Data) == file_magic::elf_relocatable &&
         (reinterpret_cast<uintptr_t>(Data.data()) & 1) == 0 &&
         getElfArchType(Data) == std::make_pair<uint8_t, uint8_t>(
                                     ELF::ELFCLASS64, ELF::ELFDATA2LSB);
}

Expected<ObjectFingerprint> FingerprintWorkspace::fingerprintBuffer(
    MemoryBufferRef Buffer, StringRef Origin, FingerprintDetail Detail) {
  // Built in place, with the same errors as through createObjectFile(),
  // which would copy it to the heap.
  if (isELF64LERelocatable(Buffer)) {
    auto ObjOrErr = ELF64LEObjectFile::create(Buffer);
    if (!ObjOrErr)
      return detail::withOrigin(Origin, ObjOrErr.takeError());
    return Impl->fingerprint(*ObjOrErr, Origin, Detail, nullptr);
  }
  auto ObjOrErr = open(Buffer, Origin);
  if (!ObjOrErr)
    return ObjOrErr.takeError();
  return Impl->fingerprint(**ObjOrErr, Origin, Detail, nullptr);
}

} // namespace uniqlink
