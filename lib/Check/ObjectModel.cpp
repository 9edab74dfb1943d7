//===- ObjectModel.cpp - Helpers shared by the format readers ------------===//
//
// What every format reader (ELFModel.cpp, MachOModel.cpp, COFFModel.cpp)
// needs besides its own format: a Mach-O header check LLVM's parser needs
// first, reading section bytes with a length check, relocation type names,
// inline addends (either byte order), masking layout-dependent bytes (copy
// on first write), and the final validation of a Model (ObjectModel.h)
// before the algorithm walks it.
//
//===----------------------------------------------------------------------===//
#include "ObjectModel.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/BinaryFormat/MachO.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/MathExtras.h"

using namespace llvm;

namespace uniqlink {
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

void recordTypeName(Model &M, uint32_t Type, const object::RelocationRef &Rel) {
  if (!M.WantTypeNames || M.TypeNames.count(Type))
    return;
  SmallString<32> Name;
  Rel.getTypeName(Name);
  M.TypeNames[Type] = Name.str().str();
}

Error checkMachOHeader(StringRef Data) {
  if (Data.size() < 24)
    return Error::success();
  uint32_t Magic = support::endian::read32le(Data.data());
  bool LE = Magic == MachO::MH_MAGIC || Magic == MachO::MH_MAGIC_64;
  bool BE = Magic == MachO::MH_CIGAM || Magic == MachO::MH_CIGAM_64;
  if (!LE && !BE)
    return Error::success();
  auto Field = [&](size_t Offset) {
    return LE ? support::endian::read32le(Data.data() + Offset)
              : support::endian::read32be(Data.data() + Offset);
  };
  uint32_t NumCommands = Field(16), CommandBytes = Field(20);
  bool Is64 = Magic == MachO::MH_MAGIC_64 || Magic == MachO::MH_CIGAM_64;
  uint64_t HeaderBytes =
      Is64 ? sizeof(MachO::mach_header_64) : sizeof(MachO::mach_header);
  if (HeaderBytes + CommandBytes > Data.size())
    return malformed("Mach-O load commands (" + Twine(CommandBytes) +
                     " bytes) extend past the end of the file");
  if (uint64_t(NumCommands) * 8 > CommandBytes)
    return malformed("Mach-O header claims " + Twine(NumCommands) +
                     " load commands in " + Twine(CommandBytes) +
                     " bytes of commands (each takes at least 8)");
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

int64_t readBE(ArrayRef<uint8_t> Data, uint64_t Offset, unsigned Size) {
  uint64_t V = 0;
  for (unsigned I = 0; I < Size && Offset + I < Data.size(); ++I)
    V = (V << 8) | Data[Offset + I];
  if (Size < 8)
    return SignExtend64(V, Size * 8);
  return int64_t(V);
}

/// The bytes of \p S that may be written: a copy of the file's, made on
/// first use.
static std::vector<uint8_t> &writableBytes(MSection &S) {
  if (S.Masked.empty() && !S.Data.empty()) {
    S.Masked.assign(S.Data.begin(), S.Data.end());
    S.Data = S.Masked;
  }
  return S.Masked;
}

void Model::mask(unsigned Sec, uint64_t Offset, unsigned Size) {
  std::vector<uint8_t> &Bytes = writableBytes(Sections[Sec]);
  for (unsigned I = 0; I < Size && Offset + I < Bytes.size(); ++I)
    Bytes[Offset + I] = 0;
}

void Model::patch(unsigned Sec, uint64_t Offset, uint8_t Byte) {
  std::vector<uint8_t> &Bytes = writableBytes(Sections[Sec]);
  if (Offset < Bytes.size())
    Bytes[Offset] = Byte;
}

void MSection::reset() {
  Name = {};
  Size = 0;
  Virtual = Executable = Strings = false;
  EntSize = 0;
  Data = {};
  Masked.clear();
  Relocs.clear();
}

void Model::reset() {
  for (MSection &S : Sections)
    S.reset();
  Symbols.clear();
  TypeNames.clear();
  // A fresh allocator, not Reset(): Reset() inlined into a sanitized build
  // poisons the kept slab, and StringSaver::save, inside an unsanitized
  // libLLVM, then writes there without unpoisoning (the asan suite failed).
  NameStorage = BumpPtrAllocator();
  StrongAt.clear();
}

Error Model::finish() {
  auto ByOffset = [](const MReloc &A, const MReloc &B) {
    return A.Offset < B.Offset;
  };
  for (MSection &S : Sections) {
    if (!S.Virtual && S.Data.size() < S.Size)
      return malformed("section '" + S.Name + "' is truncated");
    // Compilers emit them in order: the check spares stable_sort's buffer.
    if (!llvm::is_sorted(S.Relocs, ByOffset))
      llvm::stable_sort(S.Relocs, ByOffset);
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

} // namespace detail
} // namespace uniqlink
