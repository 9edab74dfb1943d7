//===- MachOModel.cpp - Mach-O objects into the fingerprint model --------===//
//
// Reads 64-bit Mach-O relocatable objects (x86-64, arm64). Mach-O has no
// symbol sizes (extents run to the next symbol), keeps most addends inline
// in the fixup bytes, and on x86-64 refers to assembler-local data through
// section-relative ("non-extern") relocations whose fixups hold addresses.
// Those layout-dependent fixup bytes are zeroed and replaced by the target
// they denote, so that the same helper at a different place in its section
// keeps its fingerprint. Symbol and section numbers are checked before use:
// the generic accessors do not bounds-check them.
//
//===----------------------------------------------------------------------===//
#include "ObjectModel.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/BinaryFormat/MachO.h"
#include "llvm/Object/MachO.h"
#include <cstring>

using namespace llvm;
using namespace llvm::object;

namespace uniqlink {
namespace detail {

namespace {

/// One relocation record's fields.
struct RawReloc {
  uint64_t Off;
  unsigned Len;
  uint32_t Type;
  bool PCRel;
  bool Extern;
  unsigned SymNum;
};

/// Reads one 64-bit Mach-O object into a Model: sections, symbols, then
/// each section's relocations.
class MachOReader {
public:
  MachOReader(const MachOObjectFile &O, Model &M) : O(O), M(M) {
    uint32_t CPU = O.getHeader64().cputype;
    IsX86 = CPU == MachO::CPU_TYPE_X86_64;
    IsARM = CPU == MachO::CPU_TYPE_ARM64;
  }

  Error read();

private:
  Error readSection(const SectionRef &Sec);
  Error readSymbol(const SymbolRef &Sym);
  Error readRelocations(unsigned SecIdx, const SectionRef &Sec);
  Error addReloc(unsigned SecIdx, const RelocationRef &Rel, const RawReloc &X,
                 int64_t Addend);
  Error resolveExtern(MReloc &R, unsigned SecIdx, const RawReloc &X,
                      int64_t Addend, bool InlineAddend);
  Error resolveSectionRelative(MReloc &R, unsigned SecIdx, const RawReloc &X,
                               int64_t Addend, bool InlineAddend);

  const MachOObjectFile &O;
  Model &M;
  bool IsX86 = false, IsARM = false;
  /// Per section: its address (symbol values and fixups are addresses).
  std::vector<uint64_t> Addrs;
};

Error MachOReader::read() {
  for (const SectionRef &Sec : O.sections())
    if (Error E = readSection(Sec))
      return E;
  for (const SymbolRef &Sym : O.symbols())
    if (Error E = readSymbol(Sym))
      return E;
  unsigned SecIdx = 0;
  for (const SectionRef &Sec : O.sections())
    if (Error E = readRelocations(SecIdx++, Sec))
      return E;
  return Error::success();
}

Error MachOReader::readSection(const SectionRef &Sec) {
  MSection MS;
  auto NameOrErr = Sec.getName();
  if (!NameOrErr)
    return NameOrErr.takeError();
  MachO::section_64 S64 = O.getSection64(Sec.getRawDataRefImpl());
  MS.Name = M.Names.save(StringRef(S64.segname, strnlen(S64.segname, 16)) +
                         "," + *NameOrErr);
  MS.Size = Sec.getSize();
  MS.Virtual = Sec.isVirtual();
  if (MS.Virtual && MS.Size > MaxZeroFillSize)
    return malformed("section '" + MS.Name + "': zero-fill size 0x" +
                     Twine::utohexstr(MS.Size) +
                     " is larger than any address space");
  uint32_t Type = S64.flags & MachO::SECTION_TYPE;
  MS.Executable = S64.flags & (MachO::S_ATTR_PURE_INSTRUCTIONS |
                               MachO::S_ATTR_SOME_INSTRUCTIONS);
  if (Type == MachO::S_CSTRING_LITERALS)
    MS.Strings = true;
  else if (Type == MachO::S_4BYTE_LITERALS)
    MS.EntSize = 4;
  else if (Type == MachO::S_8BYTE_LITERALS)
    MS.EntSize = 8;
  else if (Type == MachO::S_16BYTE_LITERALS)
    MS.EntSize = 16;
  if (Error E = readSectionData(Sec, MS))
    return E;
  Addrs.push_back(Sec.getAddress());
  M.Sections.push_back(std::move(MS));
  return Error::success();
}

Error MachOReader::readSymbol(const SymbolRef &Sym) {
  MSymbol MS;
  MachO::nlist_64 N = O.getSymbol64TableEntry(Sym.getRawDataRefImpl());
  // MachOObjectFile::getSymbolName measures the name with strlen, bounded by
  // nothing: a name with no NUL before the end of the file is read past it.
  // (A name that starts outside the file is its error to report.)
  StringRef Data = O.getData();
  uint64_t NameOff =
      uint64_t(O.getStringTableData().data() - Data.data()) + N.n_strx;
  if (N.n_strx != 0 && NameOff < Data.size() &&
      !memchr(Data.data() + NameOff, 0, Data.size() - NameOff))
    return malformed("symbol name at string table offset " + Twine(N.n_strx) +
                     " runs to the end of the file");
  auto NameOrErr = Sym.getName();
  if (!NameOrErr)
    return NameOrErr.takeError();
  MS.Name = *NameOrErr;
  MS.External = N.n_type & MachO::N_EXT;
  MS.Weak = N.n_desc & (MachO::N_WEAK_DEF | MachO::N_WEAK_REF);
  if (N.n_type & MachO::N_STAB) {
    MS.FormatSpecific = true;
    M.Symbols.push_back(MS);
    return Error::success();
  }
  switch (N.n_type & MachO::N_TYPE) {
  case MachO::N_UNDF:
    if (MS.External && N.n_value) {
      MS.Defined = MS.Common = true;
      MS.Kind = SymbolKind::Common;
      MS.Size = N.n_value;
      MS.CommonAlign = uint64_t(1) << MachO::GET_COMM_ALIGN(N.n_desc);
    }
    break;
  case MachO::N_ABS:
    MS.Defined = MS.Absolute = true;
    MS.Offset = N.n_value;
    break;
  case MachO::N_SECT: {
    if (N.n_sect == 0 || N.n_sect > M.Sections.size())
      return malformed("symbol '" + MS.Name + "' has invalid section " +
                       Twine(unsigned(N.n_sect)));
    MS.Defined = true;
    MS.Section = N.n_sect - 1;
    if (N.n_value < Addrs[MS.Section])
      return malformed("symbol '" + MS.Name + "' lies before its section");
    MS.Offset = N.n_value - Addrs[MS.Section];
    MS.Kind = M.Sections[MS.Section].Executable ? SymbolKind::Function
                                                : SymbolKind::Data;
    break;
  }
  default:
    break; // N_INDR, N_PBUD: not definitions with a body.
  }
  M.Symbols.push_back(MS);
  return Error::success();
}

Error MachOReader::readRelocations(unsigned SecIdx, const SectionRef &Sec) {
  int64_t PendingAddend = 0;
  for (const RelocationRef &Rel : Sec.relocations()) {
    MachO::any_relocation_info RE = O.getRelocation(Rel.getRawDataRefImpl());
    if (O.isRelocationScattered(RE))
      return malformed("scattered relocations are not supported");
    RawReloc X{O.getAnyRelocationAddress(RE),
               1u << O.getAnyRelocationLength(RE),
               O.getAnyRelocationType(RE),
               O.getAnyRelocationPCRel(RE) != 0,
               O.getPlainRelocationExternal(RE) != 0,
               O.getPlainRelocationSymbolNum(RE)};
    if (IsARM && X.Type == MachO::ARM64_RELOC_ADDEND) {
      PendingAddend = SignExtend64<24>(X.SymNum);
      continue;
    }
    int64_t Addend = PendingAddend;
    PendingAddend = 0;
    if (Error E = addReloc(SecIdx, Rel, X, Addend))
      return E;
  }
  return Error::success();
}

Error MachOReader::addReloc(unsigned SecIdx, const RelocationRef &Rel,
                            const RawReloc &X, int64_t Addend) {
  MSection &MS = M.Sections[SecIdx];
  if (X.Off + X.Len > MS.Size)
    return malformed("relocation at offset 0x" + Twine::utohexstr(X.Off) +
                     " is outside section '" + MS.Name + "'");
  recordTypeName(M, X.Type, Rel);
  MReloc R;
  R.Offset = X.Off;
  R.Type = X.Type;
  // Which fixups hold their addend (or target address) inline.
  bool InlineAddend =
      !MS.Virtual &&
      (IsX86 || (IsARM && X.Type == MachO::ARM64_RELOC_UNSIGNED));
  Error E = X.Extern
                ? resolveExtern(R, SecIdx, X, Addend, InlineAddend)
                : resolveSectionRelative(R, SecIdx, X, Addend, InlineAddend);
  if (E)
    return E;
  MS.Relocs.push_back(R);
  return Error::success();
}

/// A relocation to symbol X.SymNum: by name, or to a local symbol's place.
Error MachOReader::resolveExtern(MReloc &R, unsigned SecIdx, const RawReloc &X,
                                 int64_t Addend, bool InlineAddend) {
  const MSection &MS = M.Sections[SecIdx];
  if (X.SymNum >= M.Symbols.size())
    return malformed("relocation in '" + MS.Name +
                     "' refers to invalid symbol " + Twine(X.SymNum));
  const MSymbol &T = M.Symbols[X.SymNum];
  if (!T.Defined || T.External || T.Common || T.Absolute) {
    R.Target = MReloc::ByName;
    R.Name = T.Name;
    R.Addend = Addend;
    return Error::success();
  }
  if (InlineAddend) {
    Addend = wrapAdd(Addend, readLE(MS.Data, X.Off, X.Len));
    M.mask(SecIdx, X.Off, X.Len);
  }
  R.Target = MReloc::Local;
  R.TargetSection = T.Section;
  R.TargetOffset = wrapAdd(int64_t(T.Offset), Addend);
  return Error::success();
}

/// A relocation to section X.SymNum: the fixup holds the target's address.
Error MachOReader::resolveSectionRelative(MReloc &R, unsigned SecIdx,
                                          const RawReloc &X, int64_t Addend,
                                          bool InlineAddend) {
  const MSection &MS = M.Sections[SecIdx];
  if (X.SymNum == 0 || X.SymNum > M.Sections.size())
    return malformed("relocation in '" + MS.Name +
                     "' refers to invalid section " + Twine(X.SymNum));
  R.Target = MReloc::Local;
  R.TargetSection = X.SymNum - 1;
  int64_t Value = InlineAddend ? readLE(MS.Data, X.Off, X.Len) : 0;
  if (InlineAddend)
    M.mask(SecIdx, X.Off, X.Len);
  int64_t Addr = wrapAdd(Value, Addend);
  if (X.PCRel)
    Addr = wrapAdd(Addr, int64_t(Addrs[SecIdx] + X.Off + X.Len));
  R.TargetOffset = int64_t(uint64_t(Addr) - Addrs[R.TargetSection]);
  return Error::success();
}

} // namespace

Error buildMachOModel(const ObjectFile &Obj, Model &M) {
  const auto *O = dyn_cast<MachOObjectFile>(&Obj);
  if (!O || !O->is64Bit())
    return malformed("only 64-bit Mach-O objects are supported");
  return MachOReader(*O, M).read();
}

} // namespace detail
} // namespace uniqlink
