//===- IREncoder.h - Canonical byte encoding of one IR definition -*- C++
//-*-===//
//
// Turns one global definition (function, variable, alias, ifunc) into a byte
// string that is equal for two definitions iff they are the same program,
// with references to other content-hashed globals left as indices. The Merkle
// step that replaces those indices by the referenced hashes lives in
// ContentHash.cpp.
//
// Everything is encoded structurally: local values by first-use number, types
// by shape (named struct names are arbitrary), constants by value, metadata
// kinds and sync scopes by name. Debug info and profile data are skipped.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_LIB_HASH_IRENCODER_H
#define UNIQLINK_LIB_HASH_IRENCODER_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/IR/Attributes.h"
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

namespace llvm {
class Constant;
class Function;
class GlobalValue;
class Instruction;
class Metadata;
class MDNode;
class Module;
class Type;
class Value;
} // namespace llvm

namespace uniqlink {

/// The encoding of one definition: the hash of its own bytes and the
/// content-hashed globals it references, in first-reference order.
struct LocalEncoding {
  uint64_t Hash = 0;
  llvm::SmallVector<unsigned, 4> Refs;
};

/// Encodes definitions of one module. Caches per-module facts (type hashes,
/// attribute-list hashes, metadata kind names), so reuse one encoder for all
/// definitions of a module.
class IREncoder {
public:
  /// Returns the node number of a content-hashed global, or NotANode for a
  /// global referenced by name.
  using NodeLookup = llvm::function_ref<unsigned(const llvm::GlobalValue &)>;
  static constexpr unsigned NotANode = ~0u;

  IREncoder(const llvm::Module &M, NodeLookup Lookup);

  LocalEncoding encode(const llvm::GlobalValue &GV);

private:
  // Byte sink.
  // append, not resize: resize zero-fills first (a memset call per item).
  void u64(uint64_t V) {
    uint8_t Bytes[sizeof(V)];
    std::memcpy(Bytes, &V, sizeof(V));
    Buf.append(Bytes, Bytes + sizeof(V));
  }
  void str(llvm::StringRef S) {
    u64(S.size());
    Buf.append(S.bytes_begin(), S.bytes_end());
  }

  void encodeGlobalHeader(const llvm::GlobalValue &GV);
  void encodeFunctionBody(const llvm::Function &F);
  void encodeInstruction(const llvm::Instruction &I);
  void encodeValue(const llvm::Value *V);
  void encodeConstant(const llvm::Constant *C);
  void encodeGlobalRef(const llvm::GlobalValue *GV);
  void encodeMetadata(const llvm::Metadata *MD);
  void encodeAttachments(
      llvm::SmallVectorImpl<std::pair<unsigned, llvm::MDNode *>> &MDs);
  void encodeSyncScope(uint8_t ID);

  /// The bytes of a metadata node after its number, up to its node
  /// operands: MDBytes[Begin, End) with MDChildren[FirstChild, +NumChildren)
  /// (arena offset, node) to encode in between.
  struct NodeBytes {
    uint32_t Begin, End, FirstChild, NumChildren;
  };
  static constexpr unsigned NotCached = ~0u;
  std::optional<NodeBytes> nodeBytes(const llvm::MDNode *N);
  void encodeNodeOperands(const llvm::MDNode *N);

  unsigned localNumber(const llvm::Value *V);
  void numberDefinition(const llvm::Value &V);
  uint64_t typeHash(llvm::Type *T);
  uint64_t attrListHash(llvm::AttributeList AL);
  void encodeAttributeSet(llvm::SmallVectorImpl<uint8_t> &Out,
                          llvm::AttributeSet S);

  const llvm::Module &M;
  NodeLookup Lookup;

  // Per-module caches.
  llvm::DenseMap<llvm::Type *, uint64_t> TypeHashes;
  llvm::SmallVector<llvm::Type *, 4> TypesInProgress;
  llvm::DenseMap<void *, uint64_t> AttrListHashes;
  llvm::SmallVector<llvm::StringRef, 0> MDKindNames;
  llvm::SmallVector<bool, 0> IgnoredKinds;
  llvm::SmallVector<llvm::StringRef, 0> SyncScopeNames;
  // Metadata nodes are shared by many definitions (TBAA): each node's own
  // bytes are built once per module.
  llvm::DenseMap<const llvm::MDNode *, unsigned> NodeBytesIndex;
  llvm::SmallVector<NodeBytes, 0> CachedNodes;
  llvm::SmallVector<uint8_t, 0> MDBytes;
  llvm::SmallVector<std::pair<uint32_t, const llvm::MDNode *>, 0> MDChildren;

  // Per-definition state.
  llvm::SmallVector<uint8_t, 0> Buf;
  llvm::DenseMap<const llvm::Value *, unsigned> LocalNumbers;
  /// The next local number; locals nothing refers to take one without an
  /// entry in LocalNumbers.
  unsigned NextLocal = 0;
  llvm::DenseMap<const llvm::MDNode *, unsigned> MDNumbers;
  llvm::DenseMap<unsigned, unsigned> RefSlots;
  LocalEncoding *Current = nullptr;
};

} // namespace uniqlink

#endif // UNIQLINK_LIB_HASH_IRENCODER_H
