//===- COFFModel.cpp - COFF objects into the fingerprint model -----------===//
//
// Reads COFF x86-64 objects. COFF has no symbol sizes for code (extents run
// to the next symbol or the section end), marks linkonce definitions by
// COMDAT sections (reported as weak), and keeps addends inline: a reference
// to local data is a section symbol plus an inline offset, which is zeroed
// in the bytes and replaced by the data it points at.
//
//===----------------------------------------------------------------------===//
#include "ObjectModel.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/BinaryFormat/COFF.h"
#include "llvm/Object/COFF.h"

using namespace llvm;
using namespace llvm::object;

namespace uniqlink {
namespace detail {
namespace {

/// Size of the inline addend of an AMD64 relocation, 0 if none.
unsigned inlineSize(uint16_t Type) {
  switch (Type) {
  case COFF::IMAGE_REL_AMD64_ADDR64:
    return 8;
  case COFF::IMAGE_REL_AMD64_ADDR32:
  case COFF::IMAGE_REL_AMD64_ADDR32NB:
  case COFF::IMAGE_REL_AMD64_REL32:
  case COFF::IMAGE_REL_AMD64_REL32_1:
  case COFF::IMAGE_REL_AMD64_REL32_2:
  case COFF::IMAGE_REL_AMD64_REL32_3:
  case COFF::IMAGE_REL_AMD64_REL32_4:
  case COFF::IMAGE_REL_AMD64_REL32_5:
  case COFF::IMAGE_REL_AMD64_SECREL:
    return 4;
  case COFF::IMAGE_REL_AMD64_SECTION:
    return 2;
  default:
    return 0;
  }
}

/// Reads one COFF object into a Model: sections, symbols (then the weak
/// externals' defaults), then each section's relocations.
class COFFReader {
public:
  COFFReader(const COFFObjectFile &O, Model &M)
      : O(O), M(M), IsAMD64(O.getMachine() == COFF::IMAGE_FILE_MACHINE_AMD64) {}

  Error read();

private:
  Error readSection(const SectionRef &Sec);
  Error readSymbol(const SymbolRef &Sym);
  Error resolveWeakDefaults();
  Error readRelocation(unsigned SecIdx, const RelocationRef &Rel);
  DenseMap<uint32_t, unsigned>::const_iterator findSymbol(uint32_t Index) const;

  const COFFObjectFile &O;
  Model &M;
  bool IsAMD64;
  /// Per section: whether it is a COMDAT section.
  std::vector<bool> Comdat;
  /// Symbol-table index (counting auxiliary records) -> model index.
  DenseMap<uint32_t, unsigned> ByIndex;
  /// Weak externals: (model index, symbol-table index of the default).
  std::vector<std::pair<unsigned, uint32_t>> WeakDefaults;
};

Error COFFReader::read() {
  for (const SectionRef &Sec : O.sections())
    if (Error E = readSection(Sec))
      return E;
  for (const SymbolRef &Sym : O.symbols())
    if (Error E = readSymbol(Sym))
      return E;
  if (Error E = resolveWeakDefaults())
    return E;
  unsigned SecIdx = 0;
  for (const SectionRef &Sec : O.sections()) {
    for (const RelocationRef &Rel : Sec.relocations())
      if (Error E = readRelocation(SecIdx, Rel))
        return E;
    ++SecIdx;
  }
  return Error::success();
}

Error COFFReader::readSection(const SectionRef &Sec) {
  MSection MS;
  auto NameOrErr = Sec.getName();
  if (!NameOrErr)
    return NameOrErr.takeError();
  const coff_section *CS = O.getCOFFSection(Sec);
  MS.Name = *NameOrErr;
  MS.Size = Sec.getSize();
  MS.Virtual = Sec.isVirtual();
  MS.Executable = CS->Characteristics &
                  (COFF::IMAGE_SCN_CNT_CODE | COFF::IMAGE_SCN_MEM_EXECUTE);
  Comdat.push_back(CS->Characteristics & COFF::IMAGE_SCN_LNK_COMDAT);
  // llvm::object aborts on relocations of a section with an address.
  if (CS->NumberOfRelocations && CS->VirtualAddress)
    return malformed("section '" + MS.Name +
                     "' has relocations and a non-zero address");
  if (Error E = readSectionData(Sec, MS))
    return E;
  M.Sections.push_back(std::move(MS));
  return Error::success();
}

DenseMap<uint32_t, unsigned>::const_iterator
COFFReader::findSymbol(uint32_t Index) const {
  // Indices come from the file: ~0U and ~0U-1 are DenseMap's reserved keys,
  // which find() must never see, so anything out of range misses first.
  return Index < O.getNumberOfSymbols() ? ByIndex.find(Index) : ByIndex.end();
}

Error COFFReader::readSymbol(const SymbolRef &Sym) {
  COFFSymbolRef S = O.getCOFFSymbol(Sym);
  MSymbol MS;
  auto NameOrErr = O.getSymbolName(S);
  if (!NameOrErr)
    return NameOrErr.takeError();
  MS.Name = *NameOrErr;
  MS.External = S.isExternal() || S.isWeakExternal();
  MS.FormatSpecific = S.isSectionDefinition() || S.isFileRecord();
  int32_t SecNum = S.getSectionNumber();
  if (S.isCommon()) {
    MS.Defined = MS.Common = true;
    MS.Kind = SymbolKind::Common;
    MS.Size = S.getValue();
    MS.CommonAlign = 1;
  } else if (SecNum == COFF::IMAGE_SYM_ABSOLUTE) {
    MS.Defined = MS.Absolute = true;
    MS.Offset = S.getValue();
  } else if (SecNum > 0) {
    if (unsigned(SecNum) > M.Sections.size())
      return malformed("symbol '" + MS.Name + "' has invalid section " +
                       Twine(SecNum));
    MS.Defined = true;
    MS.Section = SecNum - 1;
    MS.Offset = S.getValue();
    MS.Weak = Comdat[MS.Section];
    bool Fn = S.getComplexType() == COFF::IMAGE_SYM_DTYPE_FUNCTION ||
              M.Sections[MS.Section].Executable;
    MS.Kind = Fn ? SymbolKind::Function : SymbolKind::Data;
  }
  if (S.isWeakExternal()) {
    // Resolved below to its default definition, if it has one here.
    MS.Defined = false;
    ArrayRef<uint8_t> Aux = O.getSymbolAuxData(S);
    if (Aux.size() >= sizeof(coff_aux_weak_external))
      WeakDefaults.push_back(
          {unsigned(M.Symbols.size()),
           reinterpret_cast<const coff_aux_weak_external *>(Aux.data())
               ->TagIndex});
  }
  ByIndex[O.getSymbolIndex(S)] = M.Symbols.size();
  M.Symbols.push_back(MS);
  return Error::success();
}

Error COFFReader::resolveWeakDefaults() {
  // A weak external with a default defined in this object (how COFF spells
  // a weak definition without a COMDAT) defines its name weakly, with the
  // default's body.
  for (auto [Weak, Tag] : WeakDefaults) {
    auto It = findSymbol(Tag);
    if (It == ByIndex.end())
      return malformed("weak external '" + M.Symbols[Weak].Name +
                       "' has an invalid default");
    const MSymbol &D = M.Symbols[It->second];
    if (!D.Defined || D.Common || D.Absolute)
      continue;
    MSymbol &W = M.Symbols[Weak];
    W.Defined = W.Weak = true;
    W.Section = D.Section;
    W.Offset = D.Offset;
    W.Kind = D.Kind;
  }
  return Error::success();
}

Error COFFReader::readRelocation(unsigned SecIdx, const RelocationRef &Rel) {
  MSection &MS = M.Sections[SecIdx];
  const coff_relocation *CR = O.getCOFFRelocation(Rel);
  uint64_t Off = CR->VirtualAddress;
  unsigned Len = IsAMD64 ? inlineSize(CR->Type) : 0;
  if (Off + std::max(Len, 1u) > MS.Size)
    return malformed("relocation at offset 0x" + Twine::utohexstr(Off) +
                     " is outside section '" + MS.Name + "'");
  auto It = findSymbol(CR->SymbolTableIndex);
  if (It == ByIndex.end())
    return malformed("relocation in '" + MS.Name +
                     "' refers to invalid symbol " +
                     Twine(CR->SymbolTableIndex));
  recordTypeName(M, CR->Type, Rel);
  MReloc R;
  R.Offset = Off;
  R.Type = CR->Type;
  const MSymbol &T = M.Symbols[It->second];
  if (!T.Defined || T.External || T.Common || T.Absolute) {
    R.Target = MReloc::ByName;
    R.Name = T.Name;
  } else {
    int64_t Addend = 0;
    if (Len && !MS.Virtual) {
      Addend = readLE(MS.Data, Off, Len);
      M.mask(SecIdx, Off, Len);
    }
    R.Target = MReloc::Local;
    R.TargetSection = T.Section;
    R.TargetOffset = wrapAdd(int64_t(T.Offset), Addend);
  }
  MS.Relocs.push_back(R);
  return Error::success();
}

} // namespace

Error buildCOFFModel(const ObjectFile &Obj, Model &M) {
  const auto *O = dyn_cast<COFFObjectFile>(&Obj);
  if (!O)
    return malformed("not a COFF object");
  return COFFReader(*O, M).read();
}

} // namespace detail
} // namespace uniqlink
