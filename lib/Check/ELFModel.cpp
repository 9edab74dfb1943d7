//===- ELFModel.cpp - ELF objects into the fingerprint model -------------===//
//
// Reads ELF relocatable objects through llvm::object::ELFFile, whose
// accessors all return Expected (the generic ELFObjectFile symbol and
// relocation accessors call report_fatal_error on bad indices, so they are
// not used here). Every section, symbol and relocation index is checked.
//
//===----------------------------------------------------------------------===//
#include "ObjectModel.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Object/ELFObjectFile.h"
#include <algorithm>
#include <optional>
#include <tuple>

using namespace llvm;
using namespace llvm::object;

namespace uniqlink {
namespace detail {
namespace {

/// x86 PC-relative fixups inside instructions: the addend carries the
/// distance from the fixup to the end of the instruction (normally 4).
bool isX86PCRel(uint16_t Machine, uint32_t Type) {
  if (Machine == ELF::EM_386)
    return Type == ELF::R_386_PC32 || Type == ELF::R_386_PLT32;
  if (Machine != ELF::EM_X86_64)
    return false;
  switch (Type) {
  case ELF::R_X86_64_PC32:
  case ELF::R_X86_64_PLT32:
  case ELF::R_X86_64_GOTPCREL:
  case ELF::R_X86_64_GOTPCRELX:
  case ELF::R_X86_64_REX_GOTPCRELX:
    return true;
  default:
    return false;
  }
}

/// Bytes of the field that holds an SHT_REL relocation's addend where that
/// field is a plain integer: every i386 relocation with a field, and the
/// data relocations of 32-bit Arm and MIPS. 0 for the others (the addend is
/// encoded in an instruction): it then stays in the bytes, where it still
/// counts, and a local target is taken at its symbol.
unsigned implicitAddendSize(uint16_t Machine, uint32_t Type) {
  switch (Machine) {
  case ELF::EM_386:
    switch (Type) {
    case ELF::R_386_8:
    case ELF::R_386_PC8:
      return 1;
    case ELF::R_386_16:
    case ELF::R_386_PC16:
      return 2;
    case ELF::R_386_32:
    case ELF::R_386_PC32:
    case ELF::R_386_GOT32:
    case ELF::R_386_PLT32:
    case ELF::R_386_GOTOFF:
    case ELF::R_386_GOTPC:
    case ELF::R_386_GOT32X:
    case ELF::R_386_TLS_TPOFF:
    case ELF::R_386_TLS_IE:
    case ELF::R_386_TLS_GOTIE:
    case ELF::R_386_TLS_LE:
    case ELF::R_386_TLS_GD:
    case ELF::R_386_TLS_LDM:
    case ELF::R_386_TLS_LDO_32:
    case ELF::R_386_TLS_IE_32:
    case ELF::R_386_TLS_LE_32:
    case ELF::R_386_TLS_DTPMOD32:
    case ELF::R_386_TLS_DTPOFF32:
    case ELF::R_386_TLS_TPOFF32:
      return 4;
    default:
      return 0;
    }
  case ELF::EM_ARM:
    switch (Type) {
    case ELF::R_ARM_ABS8:
      return 1;
    case ELF::R_ARM_ABS16:
      return 2;
    case ELF::R_ARM_ABS32:
    case ELF::R_ARM_REL32:
    case ELF::R_ARM_GOTOFF32:
    case ELF::R_ARM_BASE_PREL:
    case ELF::R_ARM_GOT_BREL:
    case ELF::R_ARM_TARGET1:
    case ELF::R_ARM_TARGET2:
    case ELF::R_ARM_GOT_PREL:
    case ELF::R_ARM_TLS_GD32:
    case ELF::R_ARM_TLS_LDM32:
    case ELF::R_ARM_TLS_LDO32:
    case ELF::R_ARM_TLS_IE32:
    case ELF::R_ARM_TLS_LE32:
      return 4;
    default:
      return 0;
    }
  case ELF::EM_MIPS:
    switch (Type) {
    case ELF::R_MIPS_32:
    case ELF::R_MIPS_REL32:
    case ELF::R_MIPS_GPREL32:
    case ELF::R_MIPS_PC32:
      return 4;
    default:
      return 0;
    }
  default:
    return 0;
  }
}

/// Bytes a relocation of \p Type patches, for the targets whose types we
/// know (x86-64, AArch64); 1 otherwise (at least the first byte must lie in
/// the section). Used to refuse fixups that run past their section's end.
unsigned fixupSize(uint16_t Machine, uint32_t Type) {
  if (Machine == ELF::EM_X86_64) {
    switch (Type) {
    case ELF::R_X86_64_NONE:
      return 0;
    case ELF::R_X86_64_8:
    case ELF::R_X86_64_PC8:
      return 1;
    case ELF::R_X86_64_16:
    case ELF::R_X86_64_PC16:
      return 2;
    case ELF::R_X86_64_64:
    case ELF::R_X86_64_PC64:
    case ELF::R_X86_64_GOTOFF64:
    case ELF::R_X86_64_GOTPC64:
    case ELF::R_X86_64_GOT64:
    case ELF::R_X86_64_GOTPCREL64:
    case ELF::R_X86_64_GOTPLT64:
    case ELF::R_X86_64_PLTOFF64:
    case ELF::R_X86_64_DTPMOD64:
    case ELF::R_X86_64_DTPOFF64:
    case ELF::R_X86_64_TPOFF64:
    case ELF::R_X86_64_SIZE64:
      return 8;
    default:
      return 4;
    }
  }
  if (Machine == ELF::EM_AARCH64) {
    switch (Type) {
    case ELF::R_AARCH64_NONE:
      return 0;
    case ELF::R_AARCH64_ABS16:
    case ELF::R_AARCH64_PREL16:
      return 2;
    case ELF::R_AARCH64_ABS64:
    case ELF::R_AARCH64_PREL64:
      return 8;
    default:
      return 4; // Instructions, ABS32, PREL32.
    }
  }
  return 1;
}

/// Reads one ELF object into a Model: sections, then symbols, then the
/// relocation sections, each validated against what was read before.
template <class ELFT> class ELFReader {
public:
  ELFReader(const ELFFile<ELFT> &EF, Model &M)
      : EF(EF), M(M), Machine(EF.getHeader().e_machine), StrongAt(M.StrongAt) {}

  Error read();

private:
  using Elf_Shdr = typename ELFT::Shdr;
  using Elf_Sym = typename ELFT::Sym;

  Error readSections();
  Error readSection(unsigned I, StringRef ShStrTab);
  Error readSymbols();
  Error readSymbol(unsigned I, ArrayRef<Elf_Sym> Syms, StringRef StrTab,
                   ArrayRef<typename ELFT::Word> Shndx);
  void indexStrongDefinitions();
  Error readRelocations(unsigned I);
  Error addReloc(unsigned Sec, uint64_t Off, uint32_t Type, uint32_t SymIdx,
                 std::optional<int64_t> Addend);
  void resolveLocal(MReloc &R, const MSymbol &T, const MSection &Target,
                    int64_t Addend);

  const ELFFile<ELFT> &EF;
  Model &M;
  uint16_t Machine;
  ArrayRef<Elf_Shdr> Secs;
  const Elf_Shdr *SymTab = nullptr;
  unsigned SymTabIndex = 0;
  /// The strong global definition at (\p Sec, \p Off), or null.
  const Model::StrongDef *strongAt(unsigned Sec, uint64_t Off) const;

  /// Strong global definitions by place (M.StrongAt, reused across
  /// objects).
  std::vector<Model::StrongDef> &StrongAt;
};

template <class ELFT> Error ELFReader<ELFT>::read() {
  auto SecsOrErr = EF.sections();
  if (!SecsOrErr)
    return SecsOrErr.takeError();
  Secs = *SecsOrErr;
  if (Error E = readSections())
    return E;
  if (!SymTab)
    return Error::success(); // Nothing is defined.
  if (Error E = readSymbols())
    return E;
  indexStrongDefinitions();
  for (unsigned I = 1; I < Secs.size(); ++I)
    if (Error E = readRelocations(I))
      return E;
  return Error::success();
}

template <class ELFT> Error ELFReader<ELFT>::readSections() {
  // Read once: getSectionName(S) alone re-reads the section table and the
  // name table for every section.
  auto ShStrTabOrErr = EF.getSectionStringTable(Secs);
  if (!ShStrTabOrErr)
    return ShStrTabOrErr.takeError();
  M.Sections.resize(Secs.size());
  for (unsigned I = 1; I < Secs.size(); ++I)
    if (Error E = readSection(I, *ShStrTabOrErr))
      return E;
  return Error::success();
}

template <class ELFT>
Error ELFReader<ELFT>::readSection(unsigned I, StringRef ShStrTab) {
  const Elf_Shdr &S = Secs[I];
  MSection &MS = M.Sections[I];
  auto NameOrErr = EF.getSectionName(S, ShStrTab);
  if (!NameOrErr)
    return NameOrErr.takeError();
  MS.Name = *NameOrErr;
  MS.Size = S.sh_size;
  MS.Executable = S.sh_flags & ELF::SHF_EXECINSTR;
  if (S.sh_flags & ELF::SHF_MERGE) {
    MS.Strings = S.sh_flags & ELF::SHF_STRINGS;
    if (!MS.Strings)
      MS.EntSize = S.sh_entsize;
  }
  if (S.sh_type == ELF::SHT_NOBITS) {
    MS.Virtual = true;
    if (MS.Size > MaxZeroFillSize)
      return malformed("section '" + MS.Name + "': zero-fill size 0x" +
                       Twine::utohexstr(MS.Size) +
                       " is larger than any address space");
  } else if (S.sh_type != ELF::SHT_NULL) {
    auto DataOrErr = EF.getSectionContents(S);
    if (!DataOrErr)
      return createStringError(inconvertibleErrorCode(), "section '%s': %s",
                               MS.Name.str().c_str(),
                               toString(DataOrErr.takeError()).c_str());
    MS.Data = *DataOrErr;
  }
  if (S.sh_type == ELF::SHT_SYMTAB && !SymTab) {
    SymTab = &S;
    SymTabIndex = I;
  }
  return Error::success();
}

template <class ELFT> Error ELFReader<ELFT>::readSymbols() {
  auto SymsOrErr = EF.symbols(SymTab);
  if (!SymsOrErr)
    return SymsOrErr.takeError();
  ArrayRef<Elf_Sym> Syms = *SymsOrErr;
  auto StrTabOrErr = EF.getStringTableForSymtab(*SymTab, Secs);
  if (!StrTabOrErr)
    return StrTabOrErr.takeError();
  ArrayRef<typename ELFT::Word> Shndx;
  for (const Elf_Shdr &S : Secs) {
    if (S.sh_type != ELF::SHT_SYMTAB_SHNDX || S.sh_link != SymTabIndex)
      continue;
    auto TableOrErr = EF.getSHNDXTable(S, Secs);
    if (!TableOrErr)
      return TableOrErr.takeError();
    Shndx = *TableOrErr;
  }
  M.Symbols.resize(Syms.size());
  for (unsigned I = 1; I < Syms.size(); ++I)
    if (Error E = readSymbol(I, Syms, *StrTabOrErr, Shndx))
      return E;
  return Error::success();
}

template <class ELFT>
Error ELFReader<ELFT>::readSymbol(unsigned I, ArrayRef<Elf_Sym> Syms,
                                  StringRef StrTab,
                                  ArrayRef<typename ELFT::Word> Shndx) {
  const Elf_Sym &Sym = Syms[I];
  MSymbol &MS = M.Symbols[I];
  auto NameOrErr = Sym.getName(StrTab);
  if (!NameOrErr)
    return NameOrErr.takeError();
  MS.Name = *NameOrErr;
  uint8_t Bind = Sym.getBinding(), Type = Sym.getType();
  MS.External = Bind == ELF::STB_GLOBAL || Bind == ELF::STB_WEAK ||
                Bind == ELF::STB_GNU_UNIQUE;
  MS.Weak = Bind == ELF::STB_WEAK;
  MS.FormatSpecific = Type == ELF::STT_SECTION || Type == ELF::STT_FILE;
  switch (Type) {
  case ELF::STT_FUNC:
  case ELF::STT_GNU_IFUNC:
    MS.Kind = SymbolKind::Function;
    break;
  case ELF::STT_OBJECT:
    MS.Kind = SymbolKind::Data;
    break;
  default:
    MS.Kind = SymbolKind::Other;
  }
  MS.Offset = Sym.st_value;
  MS.Size = Sym.st_size;
  if (Sym.st_shndx == ELF::SHN_UNDEF)
    return Error::success();
  if (Sym.st_shndx == ELF::SHN_COMMON) {
    MS.Defined = MS.Common = true;
    MS.Kind = SymbolKind::Common;
    MS.CommonAlign = Sym.st_value;
    return Error::success();
  }
  if (Sym.st_shndx == ELF::SHN_ABS) {
    MS.Defined = MS.Absolute = true;
    return Error::success();
  }
  auto IdxOrErr =
      EF.getSectionIndex(Sym, Syms, DataRegion<typename ELFT::Word>(Shndx));
  if (!IdxOrErr)
    return IdxOrErr.takeError();
  if (*IdxOrErr >= ELF::SHN_LORESERVE && *IdxOrErr != ELF::SHN_XINDEX)
    return Error::success(); // Other reserved indices: not in a section.
  if (*IdxOrErr == 0 || *IdxOrErr >= Secs.size())
    return malformed("symbol '" + MS.Name + "' has invalid section index " +
                     Twine(*IdxOrErr));
  MS.Defined = true;
  MS.Section = *IdxOrErr;
  return Error::success();
}

template <class ELFT> void ELFReader<ELFT>::indexStrongDefinitions() {
  // A local reference to exactly the place of a strong global definition
  // (GCC's ".localalias" of a non-interposable function, or a section
  // symbol plus offset) binds to the same definition as its name does.
  for (unsigned I = 1; I < M.Symbols.size(); ++I) {
    const MSymbol &Sym = M.Symbols[I];
    if (Sym.Defined && Sym.External && !Sym.Weak && !Sym.Common &&
        !Sym.Absolute && !Sym.FormatSpecific)
      StrongAt.push_back({Sym.Section, Sym.Offset, I});
  }
  // Stable, and the first of a place kept: the earliest symbol wins.
  auto Before = [](const Model::StrongDef &A, const Model::StrongDef &B) {
    return std::tie(A.Section, A.Offset) < std::tie(B.Section, B.Offset);
  };
  if (!llvm::is_sorted(StrongAt, Before))
    llvm::stable_sort(StrongAt, Before);
  StrongAt.erase(
      std::unique(StrongAt.begin(), StrongAt.end(),
                  [](const Model::StrongDef &A, const Model::StrongDef &B) {
                    return A.Section == B.Section && A.Offset == B.Offset;
                  }),
      StrongAt.end());
}

template <class ELFT>
const Model::StrongDef *ELFReader<ELFT>::strongAt(unsigned Sec,
                                                  uint64_t Off) const {
  auto It = llvm::lower_bound(
      StrongAt, std::make_pair(Sec, Off),
      [](const Model::StrongDef &D, const std::pair<unsigned, uint64_t> &P) {
        return std::tie(D.Section, D.Offset) < std::tie(P.first, P.second);
      });
  if (It == StrongAt.end() || It->Section != Sec || It->Offset != Off)
    return nullptr;
  return &*It;
}

template <class ELFT> Error ELFReader<ELFT>::readRelocations(unsigned I) {
  const Elf_Shdr &S = Secs[I];
  if (S.sh_type != ELF::SHT_RELA && S.sh_type != ELF::SHT_REL)
    return Error::success();
  if (S.sh_info == 0 || S.sh_info >= Secs.size())
    return malformed("relocation section '" + M.Sections[I].Name +
                     "' applies to invalid section index " + Twine(S.sh_info));
  if (S.sh_link != SymTabIndex)
    return malformed("relocation section '" + M.Sections[I].Name +
                     "' does not use the symbol table");
  MSection &Target = M.Sections[S.sh_info];
  if (Target.Virtual)
    return malformed("relocation section '" + M.Sections[I].Name +
                     "' applies to zero-fill section '" + Target.Name + "'");
  bool Mips = EF.isMips64EL();
  if (S.sh_type == ELF::SHT_RELA) {
    auto RelsOrErr = EF.relas(S);
    if (!RelsOrErr)
      return RelsOrErr.takeError();
    Target.Relocs.reserve(Target.Relocs.size() + RelsOrErr->size());
    for (const auto &R : *RelsOrErr)
      if (Error E = addReloc(S.sh_info, R.r_offset, R.getType(Mips),
                             R.getSymbol(Mips), R.r_addend))
        return E;
    return Error::success();
  }
  auto RelsOrErr = EF.rels(S);
  if (!RelsOrErr)
    return RelsOrErr.takeError();
  Target.Relocs.reserve(Target.Relocs.size() + RelsOrErr->size());
  for (const auto &R : *RelsOrErr)
    if (Error E = addReloc(S.sh_info, R.r_offset, R.getType(Mips),
                           R.getSymbol(Mips), std::nullopt))
      return E;
  return Error::success();
}

/// Adds a relocation at (\p Sec, \p Off). \p Addend is none for SHT_REL:
/// the addend is then read from the fixup's bytes, which are zeroed, so
/// that REL and RELA objects fingerprint alike and a local target is found
/// where the addend puts it (a section symbol plus the string's offset).
template <class ELFT>
Error ELFReader<ELFT>::addReloc(unsigned Sec, uint64_t Off, uint32_t Type,
                                uint32_t SymIdx,
                                std::optional<int64_t> Addend) {
  MSection &Target = M.Sections[Sec];
  unsigned Implicit = Addend ? 0 : implicitAddendSize(Machine, Type);
  unsigned Len = std::max({fixupSize(Machine, Type), Implicit, 1u});
  if (Off >= Target.Size || Target.Size - Off < Len)
    return malformed("relocation at offset 0x" + Twine::utohexstr(Off) +
                     " is outside section '" + Target.Name + "'");
  if (SymIdx >= M.Symbols.size())
    return malformed("relocation at offset 0x" + Twine::utohexstr(Off) +
                     " in '" + Target.Name +
                     "' refers to invalid symbol index " + Twine(SymIdx));
  // A GOT load the linker may relax (mov foo@GOTPCREL(%rip) becomes
  // lea foo(%rip)) means the same as the relaxed form; compare that.
  if (Machine == ELF::EM_X86_64 &&
      (Type == ELF::R_X86_64_REX_GOTPCRELX ||
       Type == ELF::R_X86_64_GOTPCRELX) &&
      Off >= 2 && Off - 2 < Target.Data.size() &&
      Target.Data[Off - 2] == 0x8b) {
    M.patch(Sec, Off - 2, 0x8d);
    Type = ELF::R_X86_64_PC32;
  }
  if (!Addend) {
    Addend = 0;
    if (Implicit) {
      Addend = EF.isLE() ? readLE(Target.Data, Off, Implicit)
                         : readBE(Target.Data, Off, Implicit);
      M.mask(Sec, Off, Implicit);
    }
  }
  MReloc R;
  R.Offset = Off;
  R.Type = Type;
  R.Addend = *Addend;
  if (M.WantTypeNames && !M.TypeNames.count(Type))
    M.TypeNames[Type] = getELFRelocationTypeName(Machine, Type).str();
  const MSymbol &T = M.Symbols[SymIdx];
  if (SymIdx == 0) {
    R.Target = MReloc::None;
  } else if (!T.Defined || T.External || T.Common) {
    R.Target = MReloc::ByName;
    R.Name = T.Name;
  } else if (T.Absolute) {
    R.Target = MReloc::None;
    R.Addend = wrapAdd(R.Addend, int64_t(T.Offset));
  } else {
    resolveLocal(R, T, Target, *Addend);
  }
  Target.Relocs.push_back(R);
  return Error::success();
}

/// A relocation to the local symbol \p T: its place, unless a strong global
/// definition sits exactly there (then by that name).
template <class ELFT>
void ELFReader<ELFT>::resolveLocal(MReloc &R, const MSymbol &T,
                                   const MSection &Target, int64_t Addend) {
  R.Target = MReloc::Local;
  R.TargetSection = T.Section;
  int64_t Bias = Target.Executable && isX86PCRel(Machine, R.Type) ? 4 : 0;
  R.TargetOffset = wrapAdd(wrapAdd(int64_t(T.Offset), Addend), Bias);
  const Model::StrongDef *Strong =
      R.TargetOffset >= 0 ? strongAt(T.Section, uint64_t(R.TargetOffset))
                          : nullptr;
  if (!Strong)
    return;
  const MSymbol &G = M.Symbols[Strong->Symbol];
  R.Target = MReloc::ByName;
  R.Name = G.Name;
  R.Addend = wrapAdd(Addend, int64_t(T.Offset - G.Offset));
}

template <class ELFT> Error build(const ELFObjectFile<ELFT> &O, Model &M) {
  return ELFReader<ELFT>(O.getELFFile(), M).read();
}

} // namespace

Error buildELFModel(const ObjectFile &Obj, Model &M) {
  if (const auto *O = dyn_cast<ELF64LEObjectFile>(&Obj))
    return build(*O, M);
  if (const auto *O = dyn_cast<ELF64BEObjectFile>(&Obj))
    return build(*O, M);
  if (const auto *O = dyn_cast<ELF32LEObjectFile>(&Obj))
    return build(*O, M);
  if (const auto *O = dyn_cast<ELF32BEObjectFile>(&Obj))
    return build(*O, M);
  return malformed("unknown ELF class");
}

} // namespace detail
} // namespace uniqlink
