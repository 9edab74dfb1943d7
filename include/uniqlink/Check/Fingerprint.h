//===- uniqlink/Check/Fingerprint.h - Object symbol identity ----*- C++ -*-===//
//
// A fingerprint says what a defined symbol of a relocatable object *is*: its
// kind, its bytes, and every relocation inside it. Two definitions with the
// same name and the same fingerprint are interchangeable; a linker that keeps
// either one runs the same program.
//
// A relocation counts as (offset from the symbol start, type, target,
// addend). A global or weak target counts by name, because the linker binds
// it by name. A local target (a section symbol plus addend, a private label,
// a constant-pool entry in .rodata.cst8, a static function) counts by the
// *content it points at*, recursively: two helpers with identical code whose
// relocation points at different 8-byte constants have different
// fingerprints. Reference cycles between local data terminate (a back edge
// hashes as its distance on the walk stack).
//
// Forms a linker rewrites into one another count as that one form: an
// x86-64 GOT load it may relax (mov foo@GOTPCREL(%rip) -> lea foo(%rip),
// R_X86_64_[REX_]GOTPCRELX) is fingerprinted as the relaxed lea/PC32.
//
// A full fingerprint keeps its detail (bytes, relocation records, the bytes
// of directly referenced local data) so that a mismatch can be explained by
// its first difference; see firstDifference(). A digest-only fingerprint
// (FingerprintDetail::DigestOnly) has the same digest, kind, size and ODR
// hash but no Section, Bytes or Relocs: it costs a fraction of the time and
// memory, and a loader that meets a collision can fingerprint the two
// objects again in full to explain it.
//
// Supported: ELF (x86-64, AArch64, and other RELA targets), Mach-O (x86-64,
// arm64) and COFF (x86-64). Malformed input is reported as an llvm::Error
// naming the origin; nothing here aborts.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_CHECK_FINGERPRINT_H
#define UNIQLINK_CHECK_FINGERPRINT_H

#include "uniqlink/Format/OdrTable.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBufferRef.h"
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace llvm {
namespace object {
class ObjectFile;
} // namespace object
} // namespace llvm

namespace uniqlink {

/// What a symbol defines. Part of its identity: a function and a data object
/// with the same bytes are not the same definition.
enum class SymbolKind : uint8_t {
  Function,
  Data,
  /// A COMMON symbol: no body, only a size and an alignment.
  Common,
  /// Anything else (TLS, unknown types).
  Other,
};

/// The printable name of \p K ("function", "data", "common", "other").
llvm::StringRef symbolKindName(SymbolKind K);

/// How a definition binds.
enum class SymbolBinding : uint8_t { Global, Weak };

/// The printable name of \p B ("global", "weak").
llvm::StringRef symbolBindingName(SymbolBinding B);

/// The local data a relocation points at, kept for diagnostics.
struct LocalTarget {
  /// Human-readable place, e.g. ".rodata.cst8+0x8" or ".LCPI0_0".
  std::string Where;
  /// Offset of the relocation's effective target inside the region.
  uint64_t OffsetInRegion = 0;
  /// The region's bytes (truncated to at most kMaxLocalBytes).
  std::vector<uint8_t> Bytes;
  /// Recursive content hash of the region (bytes and its own relocations).
  uint64_t Hash = 0;

  static constexpr size_t kMaxLocalBytes = 256;
};

/// One relocation inside a definition, as it counts for identity.
struct RelocRecord {
  /// Offset of the fixup from the start of the symbol.
  uint64_t Offset = 0;
  /// Format-specific relocation type number.
  uint64_t Type = 0;
  /// Printable type name, e.g. "R_X86_64_PC32".
  std::string TypeName;
  /// Explicit addend (ELF RELA, Mach-O ADDEND pairs, inline addends of
  /// local targets); 0 where the format keeps it in the bytes.
  int64_t Addend = 0;
  /// True if the target counts by content (local), false if by name.
  bool TargetIsLocal = false;
  /// By-name target: the symbol name. Empty for local targets or
  /// relocations without a symbol.
  std::string TargetName;
  /// Local target: what it points at. Unset for by-name targets.
  LocalTarget Local;
};

/// The identity of one defined global or weak symbol.
struct SymbolFingerprint {
  std::string Name;
  SymbolKind Kind = SymbolKind::Other;
  SymbolBinding Binding = SymbolBinding::Global;
  /// Name of the section holding the definition (empty for COMMON).
  std::string Section;
  /// Extent: value..value+Size (for COMMON: the requested size).
  uint64_t Size = 0;
  /// COMMON only: the requested alignment.
  uint64_t CommonAlign = 0;
  /// False for a digest-only fingerprint: Section, Bytes and Relocs are
  /// empty, the other fields are set as in a full one.
  bool HasDetail = true;
  /// The definition's bytes (empty for zero-fill and COMMON). Fixup fields
  /// whose contents depend on layout (inline section offsets) are zeroed.
  std::vector<uint8_t> Bytes;
  /// Relocations inside the extent, in offset order.
  std::vector<RelocRecord> Relocs;
  /// The 64-bit digest of all of the above except Name and Binding
  /// (xxh3 over a canonical encoding). Equal digests mean identical
  /// definitions.
  uint64_t Hash = 0;
  /// The IR content hash the object's ODR table records for this name
  /// (uniqlink/Format/OdrTable.h), if it has one. When both sides of a
  /// comparison have one it decides identity instead of Hash.
  /// Odr.OwnHash is the table's hash of the IR body alone (references to
  /// other weak definitions by name); it equals Odr.Hash in version 1
  /// tables.
  bool HasOdrHash = false;
  OdrHashPair Odr;

  bool isCommon() const { return Kind == SymbolKind::Common; }
};

/// The fingerprints of all defined global/weak symbols of one object.
struct ObjectFingerprint {
  /// Where the object came from: a path, "lib.a(member.o)", or
  /// "cache.nbc@0x1f0" for a carved object.
  std::string Origin;
  /// One per defined global or weak symbol, in symbol-table order. Names are
  /// unique (the first of duplicate names wins).
  std::vector<SymbolFingerprint> Symbols;
  /// True if the object carries an ODR table (even one without entries).
  bool HasOdrTable = false;
};

/// How much of a fingerprint to build. Both give the same digests.
enum class FingerprintDetail : uint8_t {
  /// Section, Bytes and Relocs too (for diagnostics and JSON dumps).
  Full,
  /// Digest, kind, binding, size, COMMON alignment and ODR hash only.
  DigestOnly,
};

/// Fingerprints every defined global or weak symbol of \p Obj, and attaches
/// the hashes of its ODR table if it has one. Errors (including a truncated
/// or corrupt ODR table) name \p Origin.
llvm::Expected<ObjectFingerprint>
fingerprintObject(const llvm::object::ObjectFile &Obj, llvm::StringRef Origin,
                  FingerprintDetail Detail = FingerprintDetail::Full);

/// Parses \p Buffer as a relocatable object file and fingerprints it.
/// Errors (not an object, truncated, unsupported) name \p Origin.
llvm::Expected<ObjectFingerprint>
fingerprintObjectBuffer(llvm::MemoryBufferRef Buffer, llvm::StringRef Origin,
                        FingerprintDetail Detail = FingerprintDetail::Full);

namespace detail {
struct Workspace;
} // namespace detail

/// What fingerprinting an object allocates (the object model, the
/// algorithm's tables and maps), kept for the next object: a loader that
/// checks many small objects one after another (ObjectGate) spares most of
/// fingerprintObjectBuffer()'s allocations. The results are the same; that
/// function is this one with a fresh workspace. One thread at a time.
class FingerprintWorkspace {
public:
  FingerprintWorkspace();
  ~FingerprintWorkspace();
  FingerprintWorkspace(const FingerprintWorkspace &) = delete;
  FingerprintWorkspace &operator=(const FingerprintWorkspace &) = delete;

  /// As fingerprintObjectBuffer(\p Buffer, \p Origin, \p Detail).
  llvm::Expected<ObjectFingerprint>
  fingerprintBuffer(llvm::MemoryBufferRef Buffer, llvm::StringRef Origin,
                    FingerprintDetail Detail = FingerprintDetail::Full);

private:
  std::unique_ptr<detail::Workspace> Impl;
};

/// Full fingerprints of the symbols of \p Buffer named in \p Names only
/// (absent if not defined): what explaining a collision found with
/// digest-only fingerprints needs, without the cost of the whole object.
llvm::Expected<ObjectFingerprint>
fingerprintSymbols(llvm::MemoryBufferRef Buffer, llvm::StringRef Origin,
                   llvm::ArrayRef<llvm::StringRef> Names);

/// The first difference between two definitions, for diagnostics.
struct Difference {
  enum DiffKind : uint8_t {
    /// The fingerprints are identical.
    None,
    /// Different symbol kinds (function vs data ...).
    Kind,
    /// Different extents.
    Size,
    /// Different COMMON alignment.
    Alignment,
    /// Different bytes; Offset is the first differing byte.
    Bytes,
    /// Different numbers of relocations.
    RelocCount,
    /// Relocation RelocIndex differs in offset, type, target or addend.
    Reloc,
    /// Relocation RelocIndex points at different local data; Offset is
    /// the first differing byte inside that data (or ~0 if the bytes are
    /// equal and only deeper references differ).
    LocalData,
    /// Same detail but different digests (should not happen).
    Digest,
    /// Same kind and extent, different digests, and at least one side is
    /// digest-only: the bytes or relocations differ, but which is unknown.
    Unexplained,
  };
  DiffKind What = None;
  /// Byte offset (Bytes, LocalData), from the start of the symbol or data.
  uint64_t Offset = 0;
  /// Relocation index (Reloc, LocalData).
  size_t RelocIndex = 0;
  /// Per-side values for display: e.g. the two byte values, the two
  /// relocation targets, the two sizes.
  std::string Loaded, New;

  /// One-line explanation, e.g. "byte +0x13: 0x00 vs 0x40".
  std::string describe() const;
};

/// Explains the first difference between \p Loaded and \p New. Without
/// the detail of both (HasDetail) it can only name a kind, size or
/// alignment difference, or say Unexplained.
Difference firstDifference(const SymbolFingerprint &Loaded,
                           const SymbolFingerprint &New);

/// The 16-hex-digit spelling of a digest.
std::string formatDigest(uint64_t Hash);

} // namespace uniqlink

#endif // UNIQLINK_CHECK_FINGERPRINT_H
