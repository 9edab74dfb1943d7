//===- Fingerprinter.h - The fingerprint algorithm over a model -*- C++ -*-===//
//
// Private to lib/Check. The Fingerprinter walks a format-neutral Model
// (ObjectModel.h): Fingerprint.cpp encodes each defined symbol's extent,
// Regions.cpp the relocations inside it and, recursively, the local data
// they point at (regions). OdrAttach.cpp adds the ODR table's hashes.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_LIB_CHECK_FINGERPRINTER_H
#define UNIQLINK_LIB_CHECK_FINGERPRINTER_H

#include "Encoder.h"
#include "ObjectModel.h"
#include "uniqlink/Check/Fingerprint.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace uniqlink {
namespace detail {

/// A span of a section that counts as one piece of local data.
struct Region {
  unsigned Sec = 0;
  uint64_t Start = 0, End = 0;
  bool Valid = false;
};

/// Hard limit on the depth of the local-data walk (adversarial inputs);
/// deeper references hash as a fixed marker.
constexpr unsigned kMaxDepth = 256;
/// Hard limit on the regions one definition's walk may enter.
constexpr unsigned kMaxVisits = 1u << 16;

/// The algorithm over one Model, fed one object after another: its
/// per-section tables, memo and walk maps keep their buffers across
/// objects (reset() per object).
class Fingerprinter {
public:
  explicit Fingerprinter(Model &M) : M(M) {}

  /// Forgets the previous object; call once the model holds the next one.
  void reset();

  /// Fingerprints the defined external symbols (only those in \p Only if
  /// it is set) into \p OF.
  void run(ObjectFingerprint &OF, FingerprintDetail Detail,
           const llvm::DenseSet<llvm::StringRef> *Only);

private:
  /// (section, region start): a region's identity in the walk.
  using RegionKey = std::pair<unsigned, uint64_t>;

  // Fingerprint.cpp: one symbol.
  void fingerprintSymbol(const MSymbol &Sym, bool Full, SymbolFingerprint &SF);
  void encodeAbsolute(const MSymbol &Sym, bool Full, SymbolFingerprint &SF);
  void encodePlaced(const MSymbol &Sym, bool Full, SymbolFingerprint &SF);

  // Regions.cpp: atoms, regions and the local-data walk.
  void collectBounds();
  /// Builds Starts and Bounds on first use in an object: a definition with
  /// a recorded size and no local target needs neither, and a JIT's small
  /// objects often have only such definitions.
  void needBounds() {
    if (!HaveBounds)
      collectBounds();
  }
  uint64_t extentEnd(const MSymbol &S);
  Region regionFor(unsigned Sec, int64_t Off);
  void startWalk(const Region &Root);
  void enterWalkMaps();
  uint64_t hashRegion(const Region &R, unsigned &Low);
  void encodeRelocs(Encoder &E, const Region &R, unsigned &Low,
                    std::vector<RelocRecord> *Detail);
  std::pair<uint64_t, uint64_t> encodeLocalTarget(Encoder &E, const Region &T,
                                                  int64_t TargetOffset,
                                                  unsigned &Low);
  uint64_t encodeRegionRef(Encoder &E, const Region &T, unsigned &Low);
  void recordLocalTarget(LocalTarget &L, const Region &T, int64_t TargetOffset);
  std::string describeRegion(const Region &R, int64_t Off);

  Model &M;
  /// Whether Starts and Bounds describe the current object (needBounds()).
  bool HaveBounds = false;
  /// Per section: symbol starts (offset, symbol index), sorted.
  std::vector<std::vector<std::pair<uint64_t, unsigned>>> Starts;
  /// Per section: atom boundaries (symbol starts/ends, local targets).
  std::vector<std::vector<uint64_t>> Bounds;
  /// collectBounds()'s per-section counts.
  std::vector<unsigned> NumStarts, NumBounds;
  llvm::DenseMap<RegionKey, uint64_t> Memo;
  /// The walk of the current root: the stack of regions being hashed (and
  /// their positions), and every region entered so far in preorder. The
  /// maps hold the root only once the walk meets its first local target
  /// (enterWalkMaps()): most definitions have none, and clearing the maps
  /// per definition cost a tenth of a small object's check.
  llvm::SmallVector<RegionKey, 16> Stack;
  bool InWalkMaps = false;
  llvm::DenseMap<RegionKey, unsigned> OnStack;
  llvm::DenseMap<RegionKey, unsigned> Visited;
  /// The encoding of the current root, reused across symbols.
  Encoder Root;
  /// Names fingerprinted so far in this object (the first of a name wins).
  llvm::DenseSet<llvm::StringRef> Seen;
};

/// A model and the algorithm over it, reused object after object
/// (uniqlink::FingerprintWorkspace is its public face).
struct Workspace {
  Workspace() : F(M) {}

  /// Fingerprints \p Obj (only the symbols in \p Only if it is set) and
  /// attaches its ODR table; errors name \p Origin.
  llvm::Expected<ObjectFingerprint>
  fingerprint(const llvm::object::ObjectFile &Obj, llvm::StringRef Origin,
              FingerprintDetail Detail,
              const llvm::DenseSet<llvm::StringRef> *Only);

  Model M;
  Fingerprinter F;
};

/// Reads the ODR table section(s) of \p M, if any, into \p OF
/// (OdrAttach.cpp).
llvm::Error attachOdrTable(const Model &M, ObjectFingerprint &OF);

} // namespace detail
} // namespace uniqlink

#endif // UNIQLINK_LIB_CHECK_FINGERPRINTER_H
