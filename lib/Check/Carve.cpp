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
#include "uniqlink/Check/Carve.h"
#include "ObjectModel.h"
#include "uniqlink/Compat/Support.h"
#include "llvm/BinaryFormat/COFF.h"
#include "llvm/BinaryFormat/MachO.h"
#include "llvm/Object/COFF.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Object/MachO.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace llvm;
using namespace llvm::object;

namespace uniqlink {
namespace {

/// Reads an unsigned field of \p Size bytes at \p Off, or 0 if out of range.
uint64_t field(StringRef Data, uint64_t Off, unsigned Size, bool LE) {
  if (Off > Data.size() || Size > Data.size() - Off)
    return 0;
  uint64_t V = 0;
  for (unsigned I = 0; I < Size; ++I) {
    uint8_t B = Data[Off + (LE ? I : Size - 1 - I)];
    V |= uint64_t(B) << (8 * I);
  }
  return V;
}

/// The extent of an ELF relocatable object at the start of \p Rest, read
/// field by field (an embedded object need not be aligned, and ELFFile
/// insists on aligned tables).
uint64_t elfCandidate(StringRef Rest) {
  if (Rest.size() < 64)
    return 0;
  bool Is64 = Rest[ELF::EI_CLASS] == ELF::ELFCLASS64;
  bool LE = Rest[ELF::EI_DATA] == ELF::ELFDATA2LSB;
  if ((!Is64 && Rest[ELF::EI_CLASS] != ELF::ELFCLASS32) ||
      (!LE && Rest[ELF::EI_DATA] != ELF::ELFDATA2MSB))
    return 0;
  if (field(Rest, 16, 2, LE) != ELF::ET_REL)
    return 0;
  uint64_t ShOff = Is64 ? field(Rest, 0x28, 8, LE) : field(Rest, 0x20, 4, LE);
  uint64_t ShEntSize = field(Rest, Is64 ? 0x3A : 0x2E, 2, LE);
  uint64_t ShNum = field(Rest, Is64 ? 0x3C : 0x30, 2, LE);
  // Header fields are untrusted: compare without overflowing.
  if (ShNum == 0 || ShEntSize < (Is64 ? 64u : 40u) || ShOff > Rest.size() ||
      ShNum * ShEntSize > Rest.size() - ShOff)
    return 0;
  uint64_t End = ShOff + ShNum * ShEntSize;
  for (uint64_t I = 1; I < ShNum; ++I) {
    uint64_t H = ShOff + I * ShEntSize;
    uint64_t Type = field(Rest, H + 4, 4, LE);
    uint64_t Off =
        Is64 ? field(Rest, H + 0x18, 8, LE) : field(Rest, H + 0x10, 4, LE);
    uint64_t Size =
        Is64 ? field(Rest, H + 0x20, 8, LE) : field(Rest, H + 0x14, 4, LE);
    if (Type == ELF::SHT_NOBITS || Type == ELF::SHT_NULL)
      continue;
    if (Off + Size < Off)
      return 0;
    End = std::max(End, Off + Size);
  }
  return End;
}

uint64_t machoCandidate(StringRef Rest) {
  if (Error E = detail::checkMachOHeader(Rest)) {
    consumeError(std::move(E));
    return 0;
  }
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
    if (C == 0x7f && compat::startsWith(Rest, "\x7f"
                                              "ELF"))
      Size = elfCandidate(Rest);
    else if (C == 0xcf && compat::startsWith(Rest, "\xcf\xfa\xed\xfe"))
      Size = machoCandidate(Rest);
    else if ((C == 0x64 && (uint8_t)Rest[1] == 0x86) ||
             (C == 0x64 && (uint8_t)Rest[1] == 0xaa))
      Size = coffCandidate(Rest);
    if (Size == 0 || Size > Rest.size())
      continue;
    std::string Name =
        (Buffer.getBufferIdentifier() + "@0x" + Twine::utohexstr(Off)).str();
    // A copy: the parsers want aligned tables, the embedding is unaligned.
    std::shared_ptr<MemoryBuffer> Copy =
        MemoryBuffer::getMemBufferCopy(Rest.take_front(Size), Name);
    auto ObjOrErr = ObjectFile::createObjectFile(Copy->getMemBufferRef());
    if (!ObjOrErr) {
      consumeError(ObjOrErr.takeError());
      continue;
    }
    if (!(*ObjOrErr)->isRelocatableObject())
      continue;
    CarvedObject CO;
    CO.Offset = Off;
    CO.Buffer = Copy->getMemBufferRef();
    CO.Storage = std::move(Copy);
    CO.Name = std::move(Name);
    Out.push_back(std::move(CO));
    Off += Size - 1;
  }
  return Out;
}

} // namespace uniqlink
