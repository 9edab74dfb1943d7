//===- Carve.cpp - Find objects embedded in other files ------------------===//
//
// Scans for the ELF magic, the 64-bit Mach-O magic and COFF x86-64/arm64
// machine numbers. Each candidate is parsed from its offset to the end of
// the buffer; its extent is the furthest byte its headers refer to
// (section contents, section/symbol/string tables, relocations), and the
// candidate counts only if that sub-range parses again as a relocatable
// object on its own. Junk before, between and after objects is ignored.
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Carve.h"
#include "llvm/BinaryFormat/COFF.h"
#include "llvm/BinaryFormat/MachO.h"
#include "llvm/Object/COFF.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Object/MachO.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/Endian.h"

using namespace llvm;
using namespace llvm::object;

namespace uniqlink {
namespace {

template <class ELFT> uint64_t elfExtent(StringRef Rest) {
  auto EFOrErr = ELFFile<ELFT>::create(Rest);
  if (!EFOrErr) {
    consumeError(EFOrErr.takeError());
    return 0;
  }
  const auto &H = EFOrErr->getHeader();
  if (H.e_type != ELF::ET_REL)
    return 0;
  uint64_t End = uint64_t(H.e_shoff) + uint64_t(H.e_shnum) * H.e_shentsize;
  auto SecsOrErr = EFOrErr->sections();
  if (!SecsOrErr) {
    consumeError(SecsOrErr.takeError());
    return 0;
  }
  for (const auto &S : *SecsOrErr)
    if (S.sh_type != ELF::SHT_NOBITS)
      End = std::max<uint64_t>(End, uint64_t(S.sh_offset) + S.sh_size);
  return End;
}

uint64_t elfCandidate(StringRef Rest) {
  if (Rest.size() < 16)
    return 0;
  bool Is64 = Rest[ELF::EI_CLASS] == ELF::ELFCLASS64;
  bool IsLE = Rest[ELF::EI_DATA] == ELF::ELFDATA2LSB;
  if (Is64)
    return IsLE ? elfExtent<ELF64LE>(Rest) : elfExtent<ELF64BE>(Rest);
  return IsLE ? elfExtent<ELF32LE>(Rest) : elfExtent<ELF32BE>(Rest);
}

uint64_t machoCandidate(StringRef Rest) {
  auto ObjOrErr = MachOObjectFile::create(MemoryBufferRef(Rest, ""),
                                          /*IsLittleEndian=*/true,
                                          /*Is64Bits=*/true);
  if (!ObjOrErr) {
    consumeError(ObjOrErr.takeError());
    return 0;
  }
  const MachOObjectFile &O = **ObjOrErr;
  if (O.getHeader64().filetype != MachO::MH_OBJECT)
    return 0;
  uint64_t End = sizeof(MachO::mach_header_64) + O.getHeader64().sizeofcmds;
  for (const auto &L : O.load_commands()) {
    switch (L.C.cmd) {
    case MachO::LC_SEGMENT_64: {
      auto Seg = O.getSegment64LoadCommand(L);
      End = std::max(End, Seg.fileoff + Seg.filesize);
      for (unsigned I = 0; I < Seg.nsects; ++I) {
        MachO::section_64 S = O.getSection64(L, I);
        End = std::max<uint64_t>(End, uint64_t(S.reloff) + S.nreloc * 8ull);
      }
      break;
    }
    case MachO::LC_SYMTAB: {
      auto St = O.getSymtabLoadCommand();
      End = std::max<uint64_t>(End, uint64_t(St.symoff) +
                                        St.nsyms * sizeof(MachO::nlist_64));
      End = std::max<uint64_t>(End, uint64_t(St.stroff) + St.strsize);
      break;
    }
    case MachO::LC_DATA_IN_CODE:
    case MachO::LC_LINKER_OPTIMIZATION_HINT:
    case MachO::LC_FUNCTION_STARTS: {
      auto D = O.getLinkeditDataLoadCommand(L);
      End = std::max<uint64_t>(End, uint64_t(D.dataoff) + D.datasize);
      break;
    }
    default:
      break;
    }
  }
  return End;
}

uint64_t coffCandidate(StringRef Rest) {
  if (Rest.size() < sizeof(coff_file_header))
    return 0;
  const auto *H = reinterpret_cast<const coff_file_header *>(Rest.data());
  if (H->SizeOfOptionalHeader != 0 || H->NumberOfSections == 0 ||
      H->NumberOfSections > 10000 || H->PointerToSymbolTable == 0 ||
      H->PointerToSymbolTable >= Rest.size())
    return 0;
  auto ObjOrErr = COFFObjectFile::create(MemoryBufferRef(Rest, ""));
  if (!ObjOrErr) {
    consumeError(ObjOrErr.takeError());
    return 0;
  }
  uint64_t End = uint64_t(H->PointerToSymbolTable) +
                 uint64_t(H->NumberOfSymbols) * sizeof(coff_symbol16);
  if (End + 4 > Rest.size())
    return 0;
  End += support::endian::read32le(Rest.data() + End); // String table.
  for (const SectionRef &Sec : (*ObjOrErr)->sections()) {
    const coff_section *S = (*ObjOrErr)->getCOFFSection(Sec);
    if (S->PointerToRawData)
      End = std::max<uint64_t>(End, uint64_t(S->PointerToRawData) +
                                        S->SizeOfRawData);
    if (S->PointerToRelocations)
      End = std::max<uint64_t>(End, uint64_t(S->PointerToRelocations) +
                                        S->NumberOfRelocations *
                                            sizeof(coff_relocation));
  }
  return End;
}

} // namespace

std::vector<CarvedObject> carveObjects(MemoryBufferRef Buffer) {
  std::vector<CarvedObject> Out;
  StringRef Data = Buffer.getBuffer();
  for (size_t Off = 0; Off + 4 <= Data.size(); ++Off) {
    StringRef Rest = Data.drop_front(Off);
    uint64_t Size = 0;
    unsigned char C = Rest[0];
    if (C == 0x7f && Rest.starts_with("\x7f"
                                      "ELF"))
      Size = elfCandidate(Rest);
    else if (C == 0xcf && Rest.starts_with("\xcf\xfa\xed\xfe"))
      Size = machoCandidate(Rest);
    else if ((C == 0x64 && (uint8_t)Rest[1] == 0x86) ||
             (C == 0x64 && (uint8_t)Rest[1] == 0xaa))
      Size = coffCandidate(Rest);
    if (Size == 0 || Size > Rest.size())
      continue;
    MemoryBufferRef Sub(Rest.take_front(Size), Buffer.getBufferIdentifier());
    auto ObjOrErr = ObjectFile::createObjectFile(Sub);
    if (!ObjOrErr) {
      consumeError(ObjOrErr.takeError());
      continue;
    }
    if (!(*ObjOrErr)->isRelocatableObject())
      continue;
    CarvedObject CO;
    CO.Offset = Off;
    CO.Buffer = Sub;
    CO.Name =
        (Buffer.getBufferIdentifier() + "@0x" + Twine::utohexstr(Off)).str();
    Out.push_back(std::move(CO));
    Off += Size - 1;
  }
  return Out;
}

} // namespace uniqlink
