//===- uniqlink/Registry.h - Loaded definitions, admitted atomically -*- C++
//-*-//
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
// "Identical": if both definitions carry an IR hash from their object's ODR
// table (Fingerprint.h, OdrTableFormat.h), the hashes decide, whatever the
// bytes; otherwise the byte fingerprints decide. A new definition is
// compared with the first owner's.
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
// A Registry is one namespace. Use one Registry per JITDylib (or a
// RegistrySet keyed by namespace name). All members are thread-safe: ORC
// links on many threads.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_REGISTRY_H
#define UNIQLINK_REGISTRY_H

#include "uniqlink/Fingerprint.h"
#include "llvm/ADT/StringMap.h"
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
};

/// What decided that two definitions of one name are the same or differ.
enum class Evidence : uint8_t {
  /// The byte fingerprints (at least one side has no ODR table entry).
  Bytes,
  /// The IR hashes of both objects' ODR tables (bytes are not compared).
  OdrTable,
};

/// "bytes" or "odr-table".
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
  uint64_t LoadedOdrHash = 0;
  uint64_t NewOdrHash = 0;

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

/// A registered definition: its fingerprint and the objects that hold it.
struct RegistryEntry {
  SymbolFingerprint Fingerprint;
  /// Origin of the first owner (the one a JIT linker would have kept).
  std::string Origin;
  /// Every object that holds this definition, first owner first.
  std::vector<ObjectHandle> Owners;
};

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
  struct ObjectRecord {
    std::string Origin;
    std::vector<std::string> Names;
  };

  llvm::Expected<AdmitResult>
  checkLocked(const ObjectFingerprint &Object) const;

  RegistryOptions Options;
  mutable std::shared_mutex Mutex;
  llvm::StringMap<RegistryEntry> Symbols;
  std::map<ObjectHandle, ObjectRecord> Objects;
  ObjectHandle NextHandle = 1;
};

/// Several independent namespaces (e.g. one per JITDylib), keyed by name,
/// created on first use. Thread-safe.
class RegistrySet {
public:
  explicit RegistrySet(RegistryOptions Options = {}) : Options(Options) {}

  /// The registry of namespace \p Namespace, created if needed. The reference
  /// stays valid for the lifetime of the set.
  Registry &get(llvm::StringRef Namespace);

  /// Drops namespace \p Namespace and everything loaded into it. References
  /// previously obtained from get() for it become dangling.
  bool erase(llvm::StringRef Namespace);

private:
  RegistryOptions Options;
  std::mutex Mutex;
  llvm::StringMap<std::unique_ptr<Registry>> Namespaces;
};

} // namespace uniqlink

#endif // UNIQLINK_REGISTRY_H
