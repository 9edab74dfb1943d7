//===- uniqlink/Hash/ContentHash.h - Content hashes of IR -------*- C++ -*-===//
//
// A content hash names what a definition *does*, not what it is called: two
// definitions get the same hash iff their bodies are the same program.
//
// The hash is a Merkle hash over the module's reference graph. A reference to
// a global counts either by name (external symbols: the linker binds them by
// name) or by the content of its target (renamed symbols and private/internal
// definitions, whose names are arbitrary). Cycles (recursion, mutual
// recursion) are hashed per strongly connected component with a canonical
// breadth-first numbering from each member, so the result does not depend on
// the order of the module or on any local name. Debug info is ignored.
//
// Hash values are a function of content for one uniqlink version; a later
// version may encode differently (and so rename differently), never
// inconsistently within one build.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_HASH_CONTENTHASH_H
#define UNIQLINK_HASH_CONTENTHASH_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <utility>

namespace llvm {
class GlobalValue;
class InlineAsm;
class Module;
} // namespace llvm

namespace uniqlink {

class EncodingView;

/// How a reference to a global value contributes to its user's hash.
enum class RefKind {
  /// By name: external definitions and declarations.
  ByName,
  /// By the content of the referenced definition (it is, or may be, renamed,
  /// or its name is local and arbitrary).
  ByContent,
};

/// Decides, for each global value of a module, how references to it count.
/// Only definitions may be classified ByContent.
using RefClassifier = llvm::function_ref<RefKind(const llvm::GlobalValue &)>;

/// The classification the rename pass uses when nothing else is asked for:
/// local-linkage definitions and `linkonce_odr` definitions (but for mutable
/// variables) count by content, everything else by name
/// (uniqlink/Hash/Eligibility.h). The pass itself classifies by its actual
/// candidates, so the two agree only when every such definition is one.
RefKind defaultRefKind(const llvm::GlobalValue &GV);

/// Content hashes of every ByContent definition of \p M.
using ContentHashes = llvm::DenseMap<const llvm::GlobalValue *, uint64_t>;

/// Computes the content hash of every global value that \p Classify calls
/// ByContent. Linear in the size of the module (plus the square of the size
/// of each reference cycle, which is small in practice).
ContentHashes computeContentHashes(const llvm::Module &M,
                                   RefClassifier Classify);

/// As above, but hashes only \p Roots and the definitions they reach: the
/// result has an entry for every ByContent root and for every ByContent
/// definition reachable from one. Cheaper when few globals need a name.
ContentHashes
computeContentHashes(const llvm::Module &M, RefClassifier Classify,
                     llvm::ArrayRef<const llvm::GlobalValue *> Roots);

/// What the hashes may see differently from the module as written.
struct HashOptions {
  /// How references inside bodies count, when that differs from how \p
  /// Classify decides which roots are hashed (the ODR table's own hashes
  /// count every reference to a recorded definition by name, yet hash the
  /// recorded roots). Unset: \p Classify for both.
  RefClassifier References = nullptr;
  /// Encode through this view (EncodingView.h) instead of the IR as written.
  EncodingView *View = nullptr;
  /// If set, called with the inline asm of every body the hashing encodes,
  /// once per use: a caller that needs the module's inline asm gets it from
  /// this walk and walks only the bodies no root reached.
  llvm::function_ref<void(const llvm::InlineAsm &)> OnInlineAsm = nullptr;
};

/// As above, with \p Opts.
ContentHashes
computeContentHashes(const llvm::Module &M, RefClassifier Classify,
                     llvm::ArrayRef<const llvm::GlobalValue *> Roots,
                     const HashOptions &Opts);

/// As above, but returns the hash of each root, in the order of \p Roots (0
/// for a root that \p Classify does not call ByContent). Builds no map from
/// global to hash: for a caller that walks its roots again anyway.
llvm::SmallVector<uint64_t, 0>
computeRootHashes(const llvm::Module &M, RefClassifier Classify,
                  llvm::ArrayRef<const llvm::GlobalValue *> Roots);
/// As above, with \p Opts.
llvm::SmallVector<uint64_t, 0>
computeRootHashes(const llvm::Module &M, RefClassifier Classify,
                  llvm::ArrayRef<const llvm::GlobalValue *> Roots,
                  const HashOptions &Opts);

/// Two hashings of \p Roots from one walk over the IR: the hashes of
/// computeContentHashes(M, Classify, Roots, Opts), and those it gives with
/// \p SecondReferences in place of Opts.References. \p SecondReferences
/// may count by name what the first counts by content, never the reverse
/// (each second encoding is spliced from the first, and a reference the
/// first hashed by name has nothing to splice). The second map may also
/// hold definitions no root reaches that way.
std::pair<ContentHashes, ContentHashes>
computeContentHashPair(const llvm::Module &M, RefClassifier Classify,
                       llvm::ArrayRef<const llvm::GlobalValue *> Roots,
                       const HashOptions &Opts, RefClassifier SecondReferences);

} // namespace uniqlink

#endif // UNIQLINK_HASH_CONTENTHASH_H
