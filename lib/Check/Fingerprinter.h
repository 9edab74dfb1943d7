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

class Fingerprinter {
public:
  explicit Fingerprinter(Model &M);

  /// Fingerprints the defined external symbols (only those in \p Only if
  /// it is set).
  ObjectFingerprint run(llvm::StringRef Origin, FingerprintDetail Detail,
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
  uint64_t extentEnd(const MSymbol &S);
  Region regionFor(unsigned Sec, int64_t Off);
  void startWalk(const Region &Root);
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
  /// Per section: symbol starts (offset, symbol index), sorted.
  std::vector<std::vector<std::pair<uint64_t, unsigned>>> Starts;
  /// Per section: atom boundaries (symbol starts/ends, local targets).
  std::vector<std::vector<uint64_t>> Bounds;
  llvm::DenseMap<RegionKey, uint64_t> Memo;
  /// The walk of the current root: the stack of regions being hashed (and
  /// their positions), and every region entered so far in preorder.
  llvm::SmallVector<RegionKey, 16> Stack;
  llvm::DenseMap<RegionKey, unsigned> OnStack;
  llvm::DenseMap<RegionKey, unsigned> Visited;
  /// The encoding of the current root, reused across symbols.
  Encoder Root;
};

/// Reads the ODR table section(s) of \p M, if any, into \p OF
/// (OdrAttach.cpp).
llvm::Error attachOdrTable(const Model &M, ObjectFingerprint &OF);

} // namespace detail
} // namespace uniqlink

#endif // UNIQLINK_LIB_CHECK_FINGERPRINTER_H
