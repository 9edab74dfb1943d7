//===- uniqlink/Check/Registry.h - Loaded definitions -----------*- C++ -*-===//
//
// The registry remembers every definition loaded into one symbol namespace
// (one JITDylib, one process image) as name -> fingerprint + owners. Before
// an object is linked, admit() checks all of its definitions against what is
// loaded; if any has the name of a loaded definition and a different
// fingerprint (weak or strong, either side), the whole object is refused and
// nothing is recorded. Otherwise all of its definitions are recorded at once.
// Identical duplicates are benign and accepted: the name then has several
// owners and stays registered until the last one is removed.
//
// "Identical": if both definitions carry IR hashes from their object's ODR
// table (Fingerprint.h, OdrTable.h), different hashes of the bodies alone
// mean different definitions, whatever the bytes; equal hashes of the bodies
// and of everything they reach mean the same definition, whatever the bytes;
// equal bodies that reach different definitions (a callee that differs and
// may have been inlined) are judged by the byte fingerprints. Without a
// table entry on both sides the byte fingerprints decide. A new definition
// is compared with the first owner's.
//
// COMMON symbols have no body; a COMMON whose size or alignment differs from
// the loaded COMMON (or that meets a real definition) is handled by
// RegistryOptions::Common.
//
// Typical use in a loader (one Registry per JITDylib):
//
//   auto FP = fingerprintObjectBuffer(Obj, Name);   // Fingerprint.h
//   if (!FP) return FP.takeError();                  // malformed object
//   auto R = Reg.admit(std::move(*FP));
//   if (!R) return R.takeError();                    // CollisionError
//   ... link the object; remember R->Handle ...
//   Reg.remove(R->Handle);                           // when it is unloaded
//
// A Registry is one namespace. Use one Registry per JITDylib (ObjectGate,
// uniqlink/ORC/ObjectGate.h, keeps them so). All members are thread-safe:
// ORC links on many threads.
//
// Memory: a registered name costs its StringMap entry (the name's bytes and
// a 40-byte record: digest, ODR hash, size, earliest owner, owner count,
// COMMON alignment, kind, binding; allocated from slabs, see
// EntryAllocator), its hash bucket, and 8 bytes in each owning object's name
// list, which points at the entry instead of copying the name: about 100
// bytes plus the name (99 on LLVM's own static archives). The owners are the
// objects whose lists point at the entry.
//
// Detail: the registry keeps the fingerprints' bytes and relocations only
// under RegistryOptions::KeepDetail. Without it, a collision's first
// difference names a kind, size or COMMON alignment difference, or else is
// Difference::Unexplained; a loader that still has both objects can
// fingerprint the colliding symbols again in full (fingerprintSymbols()) and
// call explainCollisions(), as uniqlink-check does.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_CHECK_REGISTRY_H
#define UNIQLINK_CHECK_REGISTRY_H

#include "uniqlink/Check/Fingerprint.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

namespace uniqlink {

/// What to do when COMMON symbols of one name disagree (size/alignment) or a
/// COMMON meets a definition.
enum class CommonPolicy : uint8_t {
  /// Accept silently (classic linker behaviour: largest wins).
  Accept,
  /// Accept, but report the mismatch in AdmitResult::Warnings.
  Warn,
  /// Reject the object like a body collision.
  Reject,
};

struct RegistryOptions {
  CommonPolicy Common = CommonPolicy::Warn;
  /// Report every colliding symbol of a rejected object (true) or stop at
  /// the first one (false). Either way the object is rejected as a whole.
  bool ReportAll = true;
  /// Keep the full fingerprint (bytes, relocations, local data) of every
  /// registered definition, so that a collision with it names the first
  /// differing byte or relocation. Costs about the size of the code loaded.
  bool KeepDetail = false;
};

/// What decided that two definitions of one name are the same or differ.
enum class Evidence : uint8_t {
  /// The byte fingerprints (at least one side has no ODR table entry).
  Bytes,
  /// The IR hashes of both objects' ODR tables (bytes are not compared).
  OdrTable,
  /// The ODR tables say the IR bodies are equal but reach different
  /// definitions; the byte fingerprints decided.
  OdrTableThenBytes,
};

/// "bytes", "odr-table" or "odr-table+bytes".
llvm::StringRef evidenceName(Evidence E);

/// One same-name-different-definition conflict, as structured data.
struct Collision {
  /// Mangled symbol name, and its demangled form (equal if not mangled).
  std::string Name;
  std::string Demangled;
  /// True for a COMMON size/alignment mismatch, false for a body mismatch.
  bool IsCommon = false;
  /// The object that holds the loaded definition, and the one refused.
  std::string LoadedOrigin;
  std::string NewOrigin;
  SymbolKind LoadedKind = SymbolKind::Other;
  SymbolKind NewKind = SymbolKind::Other;
  SymbolBinding LoadedBinding = SymbolBinding::Global;
  SymbolBinding NewBinding = SymbolBinding::Global;
  uint64_t LoadedHash = 0;
  uint64_t NewHash = 0;
  /// The first difference between the two byte fingerprints (None when
  /// the ODR table decided and the bytes are identical).
  Difference FirstDiff;
  /// What decided, and the ODR table hashes when both sides have one.
  Evidence DecidedBy = Evidence::Bytes;
  OdrHashPair LoadedOdr;
  OdrHashPair NewOdr;

  /// Multi-line human-readable explanation (no trailing newline).
  std::string describe() const;
};

/// The error admit() returns when it refuses an object. Its message names
/// every colliding symbol (demangled), both objects, both digests and the
/// first difference; collisions() gives the same as structured data. Use
/// llvm::handleErrors to get at it.
class CollisionError : public llvm::ErrorInfo<CollisionError> {
public:
  static char ID;

  CollisionError(std::string NewOrigin, std::vector<Collision> Collisions);

  const std::string &newOrigin() const { return NewOrigin; }
  const std::vector<Collision> &collisions() const { return Collisions; }

  void log(llvm::raw_ostream &OS) const override;
  std::error_code convertToErrorCode() const override;

private:
  std::string NewOrigin;
  std::vector<Collision> Collisions;
};

/// Where a Registry's name entries live: slabs, with freed entries recycled
/// by size (8-byte steps). Saves malloc's per-block header and 16-byte
/// rounding on every registered name; memory of removed names is reused,
/// not returned, until the registry goes away.
class EntryAllocator : public llvm::AllocatorBase<EntryAllocator> {
public:
  void *Allocate(size_t Size, size_t Alignment);
  void Deallocate(const void *Ptr, size_t Size, size_t Alignment);
  using AllocatorBase<EntryAllocator>::Allocate;
  using AllocatorBase<EntryAllocator>::Deallocate;

private:
  llvm::BumpPtrAllocator Slabs;
  /// Per size class (size / 8): the head of a list of freed blocks, each
  /// holding the next one's address.
  std::vector<void *> Free;
};

/// Identifies one admitted object, for removal. Never 0.
using ObjectHandle = uint64_t;

/// The outcome of a successful admit().
struct AdmitResult {
  ObjectHandle Handle = 0;
  /// Definitions this object added (names not loaded before).
  size_t NewSymbols = 0;
  /// Definitions identical to loaded ones (benign duplicates).
  size_t DuplicateSymbols = 0;
  /// COMMON mismatches tolerated under CommonPolicy::Warn.
  std::vector<Collision> Warnings;
};

/// A registered definition, as lookup() returns it (a snapshot): what
/// identifies it and the objects that hold it.
struct RegistryEntry {
  SymbolKind Kind = SymbolKind::Other;
  /// The first owner's binding.
  SymbolBinding Binding = SymbolBinding::Global;
  /// Saturated at 2^32-1.
  uint64_t Size = 0;
  /// COMMON only (rounded up to a power of two, at most 2^31).
  uint64_t CommonAlign = 0;
  /// The digest of the first admitted definition (SymbolFingerprint::Hash).
  uint64_t Hash = 0;
  /// The first admitted definition's ODR table hashes, if it had them.
  bool HasOdrHash = false;
  OdrHashPair Odr;
  /// Origin of the first owner (the one a JIT linker would have kept).
  std::string Origin;
  /// Every object that holds this definition, first owner first.
  std::vector<ObjectHandle> Owners;
  /// The first admitted definition's full fingerprint, under
  /// RegistryOptions::KeepDetail only.
  std::optional<SymbolFingerprint> Detail;
};

/// Recomputes the first difference of the collisions between the objects
/// \p Loaded and \p New (matched by origin and name) from these full
/// fingerprints, where their digests are the ones that collided.
void explainCollisions(std::vector<Collision> &Collisions,
                       const ObjectFingerprint &Loaded,
                       const ObjectFingerprint &New);

class Registry {
public:
  explicit Registry(RegistryOptions Options = {});
  ~Registry();
  Registry(const Registry &) = delete;
  Registry &operator=(const Registry &) = delete;

  /// Checks all definitions of \p Object against the loaded ones. On
  /// success records them all and returns a handle; on conflict returns a
  /// CollisionError and records nothing. Atomic with respect to concurrent
  /// admit()/remove() calls.
  llvm::Expected<AdmitResult> admit(ObjectFingerprint Object);

  /// Checks \p Object like admit() but records nothing.
  llvm::Expected<AdmitResult> check(const ObjectFingerprint &Object) const;

  /// Unregisters the definitions of the object admitted as \p Handle (names
  /// with other owners stay). Returns false if \p Handle is not loaded.
  bool remove(ObjectHandle Handle);

  /// Removes every loaded object whose origin is \p Origin; returns how many.
  size_t removeOrigin(llvm::StringRef Origin);

  /// The loaded definition of \p Name, if any (a copy).
  std::optional<RegistryEntry> lookup(llvm::StringRef Name) const;

  /// Number of registered names / loaded objects.
  size_t numSymbols() const;
  size_t numObjects() const;

  const RegistryOptions &options() const { return Options; }

private:
  /// What the registry keeps per name (40 bytes; the name is the key).
  /// Size and alignment only feed diagnostics (Hash covers them).
  struct Entry {
    uint64_t Hash = 0;
    /// Valid if HasOdrHash (the bitfield below).
    OdrHashPair Odr;
    /// The earliest admitted owner still loaded; 0 when that one was
    /// removed and others remain (originOf() then finds the next by a scan).
    ObjectHandle Owner = 0;
    /// Saturated at 2^32-1 (it only feeds diagnostics: Hash covers it).
    uint32_t Size = 0;
    uint32_t NumOwners : 23;
    /// log2 of the COMMON alignment, rounded up, at most 31 (diagnostics
    /// only, like Size).
    uint32_t CommonAlignLog2 : 5;
    uint32_t Kind : 2;
    uint32_t Binding : 1;
    uint32_t HasOdrHash : 1;

    /// COMMON only: the alignment, rounded up to a power of two.
    uint64_t commonAlign() const {
      return SymbolKind(Kind) == SymbolKind::Common
                 ? uint64_t(1) << CommonAlignLog2
                 : 0;
    }
  };
  static_assert(sizeof(Entry) <= 40, "keep registry entries compact");
  using SymbolMap = llvm::StringMap<Entry, EntryAllocator>;
  using SymbolRef = SymbolMap::MapEntryTy *;

  struct ObjectRecord {
    std::string Origin;
    /// The names this object holds (entries of Symbols, not copies).
    std::vector<SymbolRef> Names;
  };

  llvm::Expected<AdmitResult>
  checkLocked(const ObjectFingerprint &Object) const;
  Collision makeCollision(const SymbolMap::MapEntryTy &Loaded,
                          const SymbolFingerprint &New,
                          llvm::StringRef NewOrigin) const;
  /// Every owner of \p E, earliest first (a scan when E.Owner is 0 or
  /// \p All is set; E.Owner alone otherwise).
  std::vector<ObjectHandle> ownersOf(const SymbolMap::MapEntryTy &E,
                                     bool All) const;
  std::string originOf(const SymbolMap::MapEntryTy &E) const;

  RegistryOptions Options;
  mutable std::shared_mutex Mutex;
  SymbolMap Symbols;
  std::map<ObjectHandle, ObjectRecord> Objects;
  /// KeepDetail only: the first admitted definition of each name.
  std::map<const SymbolMap::MapEntryTy *, SymbolFingerprint> Details;
  ObjectHandle NextHandle = 1;
};

} // namespace uniqlink

#endif // UNIQLINK_CHECK_REGISTRY_H
