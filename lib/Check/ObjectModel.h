//===- ObjectModel.h - Format-neutral view of a relocatable object -*- C++ -*-//
//
// The fingerprint algorithm needs the same few facts from every object
// format: sections (bytes, size, constant-pool shape), symbols (binding,
// kind, place) and relocations (fixup offset, type, target, addend). Each
// format reader (ELFModel.cpp, MachOModel.cpp, COFFModel.cpp) fills this
// model once, validating every index and offset as it goes, so that the
// algorithm itself (Fingerprint.cpp, Regions.cpp) never touches raw,
// untrusted data. The helpers declared at the end are in ObjectModel.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_LIB_CHECK_OBJECTMODEL_H
#define UNIQLINK_LIB_CHECK_OBJECTMODEL_H

#include "uniqlink/Check/Fingerprint.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/StringSaver.h"
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace llvm {
namespace object {
class ObjectFile;
class RelocationRef;
class SectionRef;
} // namespace object
} // namespace llvm

namespace uniqlink {
namespace detail {

/// \p A + \p B with two's-complement wrap-around: offsets and addends come
/// from the file and may be anything (signed overflow would be UB).
inline int64_t wrapAdd(int64_t A, int64_t B) {
  return int64_t(uint64_t(A) + uint64_t(B));
}

/// A relocation, resolved to what it means for identity.
struct MReloc {
  enum TargetKind : uint8_t { None, ByName, Local };
  /// Fixup offset inside its section.
  uint64_t Offset = 0;
  uint32_t Type = 0;
  /// Explicit addend (ByName/None targets).
  int64_t Addend = 0;
  TargetKind Target = None;
  /// ByName: the target symbol's name.
  llvm::StringRef Name;
  /// Local: the target section and the effective target offset in it
  /// (symbol offset + addend, corrected for PC-relative bias).
  unsigned TargetSection = 0;
  int64_t TargetOffset = 0;
};

struct MSection {
  /// Points into the object file's buffer or Model::Names.
  llvm::StringRef Name;
  uint64_t Size = 0;
  /// Zero-fill (no bytes in the file).
  bool Virtual = false;
  bool Executable = false;
  /// Fixed-size constant pool entries (.rodata.cst8, __literal8), or 0.
  uint64_t EntSize = 0;
  /// NUL-terminated string pool (.rodata.str1.1, __cstring).
  bool Strings = false;
  /// Contents; points into Masked if fixup fields had to be zeroed.
  llvm::ArrayRef<uint8_t> Data;
  std::vector<uint8_t> Masked;
  /// Relocations applying to this section, sorted by offset.
  std::vector<MReloc> Relocs;

  /// Back to a default section, keeping the capacity of Masked and Relocs
  /// for the next object (Model::reset()).
  void reset();
};

struct MSymbol {
  llvm::StringRef Name;
  bool Defined = false;
  /// Global, weak or unique binding (visible to the linker by name).
  bool External = false;
  bool Weak = false;
  bool Common = false;
  bool Absolute = false;
  /// Section symbols, file symbols, debug entries: never fingerprinted and
  /// not atom boundaries.
  bool FormatSpecific = false;
  SymbolKind Kind = SymbolKind::Other;
  unsigned Section = 0;
  /// Offset inside Section (or the value, for absolute symbols).
  uint64_t Offset = 0;
  /// Size if the format records one (ELF), else 0.
  uint64_t Size = 0;
  uint64_t CommonAlign = 0;
};

/// A whole object. Owns copies of masked section bytes; otherwise refers to
/// the object file's buffer, which must outlive it. One model can be filled
/// again for the next object after reset(): a gate that checks thousands of
/// small objects then reuses its buffers instead of allocating ~60 per
/// object.
struct Model {
  std::vector<MSection> Sections;
  std::vector<MSymbol> Symbols;
  /// Printable relocation type names, for fingerprints with detail only
  /// (left empty unless WantTypeNames).
  /// Keyed by 64 bits: a relocation type read from the object may be any
  /// 32-bit value, including DenseMap's empty and tombstone keys for
  /// uint32_t (a fuzzed ELF type 0xffffffff found one).
  llvm::DenseMap<uint64_t, std::string> TypeNames;
  bool WantTypeNames = true;
  /// Section names a reader composes (Mach-O "segment,section").
  llvm::BumpPtrAllocator NameStorage;
  llvm::StringSaver Names{NameStorage};
  /// Scratch of the ELF reader: strong global definitions by place, sorted
  /// by (section, offset), the first symbol of each place only. A sorted
  /// vector, not a DenseMap: clearing a map visits its 64 or more buckets,
  /// most of resetting the model for a JIT's small object.
  struct StrongDef {
    unsigned Section;
    uint64_t Offset;
    unsigned Symbol;
  };
  std::vector<StrongDef> StrongAt;

  /// Empties the model for the next object. Sections keeps its length, each
  /// element reset but keeping its buffers: a reader sizes it with
  /// Sections.resize() or empties it with Sections.clear().
  void reset();

  /// Zeroes \p Size bytes at \p Offset of section \p Sec (an inline addend
  /// that depends on layout). The caller has bounds-checked the range.
  void mask(unsigned Sec, uint64_t Offset, unsigned Size);

  /// Replaces the byte at \p Offset of section \p Sec by \p Byte (a
  /// canonical form). The caller has bounds-checked the offset.
  void patch(unsigned Sec, uint64_t Offset, uint8_t Byte);

  /// Sorts relocations and checks the invariants the algorithm relies on.
  llvm::Error finish();
};

llvm::Error buildELFModel(const llvm::object::ObjectFile &Obj, Model &M);
llvm::Error buildMachOModel(const llvm::object::ObjectFile &Obj, Model &M);
llvm::Error buildCOFFModel(const llvm::object::ObjectFile &Obj, Model &M);

/// The most bytes a zero-fill section (ELF SHT_NOBITS, Mach-O zerofill) may
/// claim: the largest virtual address space of any 64-bit target (57-bit
/// addresses: x86-64 with 5-level paging, RISC-V Sv57). A larger one could
/// never be loaded; its size is damage, and a JIT must not try to map it.
constexpr uint64_t MaxZeroFillSize = uint64_t(1) << 57;

/// A plain error with a message (the caller prefixes the origin).
llvm::Error malformed(const llvm::Twine &Msg);

/// Reads the contents of \p Sec into \p MS.Data unless \p MS is virtual;
/// a section shorter than MS.Size is malformed.
llvm::Error readSectionData(const llvm::object::SectionRef &Sec, MSection &MS);

/// Records the printable name of relocation type \p Type (as \p Rel spells
/// it) in \p M.TypeNames, once per type.
void recordTypeName(Model &M, uint32_t Type,
                    const llvm::object::RelocationRef &Rel);

/// Refuses a Mach-O header (either width, either byte order; other data is
/// left alone) whose load commands run past the end of \p Data, or that
/// claims more of them than its sizeofcmds holds at 8 bytes each. LLVM 19's
/// MachOObjectFile walks the claimed count, and an LC_IDENT keeps it on that
/// command, recorded again each time: 100 M claimed commands took 1.6 GB
/// and 5 seconds from an 879-byte file. Called before any llvm::object
/// parser sees the data.
llvm::Error checkMachOHeader(llvm::StringRef Data);

/// Reads a little-endian signed integer of \p Size bytes.
int64_t readLE(llvm::ArrayRef<uint8_t> Data, uint64_t Offset, unsigned Size);
/// Reads a big-endian signed integer of \p Size bytes.
int64_t readBE(llvm::ArrayRef<uint8_t> Data, uint64_t Offset, unsigned Size);

} // namespace detail
} // namespace uniqlink

#endif // UNIQLINK_LIB_CHECK_OBJECTMODEL_H
