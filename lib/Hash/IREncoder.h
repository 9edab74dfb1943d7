//===- IREncoder.h - Canonical bytes of one IR definition -------*- C++ -*-===//
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
// A uniqued metadata subtree of fixed leaves (a TBAA type DAG) is encoded by
// a digest of its content, computed once per module.
//
// The bytes (and so every hash and renamed name) are not stable across
// uniqlink versions, only within one: names are content-defined.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_LIB_HASH_IRENCODER_H
#define UNIQLINK_LIB_HASH_IRENCODER_H

#include "uniqlink/Format/Bytes.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/IR/Attributes.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Value.h"
#include "llvm/Support/Compiler.h"
#include <cstdint>
#include <optional>
#include <vector>

namespace llvm {
class Constant;
class Function;
class GlobalValue;
class InlineAsm;
class Instruction;
class Metadata;
class MDNode;
class Module;
class Type;
class User;
} // namespace llvm

namespace uniqlink {

class EncodingView;

/// The encoding of one definition: the hash of its own bytes and the
/// content-hashed globals it references, in first-reference order; with a
/// second lookup, the same again as that lookup counts references.
struct LocalEncoding {
  uint64_t Hash = 0;
  llvm::SmallVector<unsigned, 4> Refs;
  uint64_t SecondHash = 0;
  llvm::SmallVector<unsigned, 4> SecondRefs;
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

  /// \p View, if given, is what the encoder reads instead of the IR as
  /// written (uniqlink/Hash/EncodingView.h). \p SecondLookup, if given,
  /// asks for a second encoding of each definition, with references counted
  /// as it says (LocalEncoding::SecondHash). It is asked only about globals
  /// \p Lookup gives a node, and must give that node or NotANode: the
  /// second encoding is spliced from the first, not walked again.
  /// \p OnInlineAsm, if given, is called with each inline asm encoded.
  IREncoder(
      const llvm::Module &M, NodeLookup Lookup, EncodingView *View = nullptr,
      NodeLookup SecondLookup = nullptr,
      llvm::function_ref<void(const llvm::InlineAsm &)> OnInlineAsm = nullptr);

  LocalEncoding encode(const llvm::GlobalValue &GV);

private:
  // Byte sink (uniqlink/Format/Bytes.h). Small integers (tags, counts,
  // flags, local numbers) are ULEB128, one byte below 128; hashes and raw
  // 64-bit words are 8 fixed little-endian bytes. Both codes are prefix-free
  // and which one an item uses follows from the items before it, so the byte
  // string stays unambiguous while being about a quarter of all-u64 items
  // (xxh3 and copying scale with it).
  // Always inline: one call per item would cost more than the item.
  LLVM_ATTRIBUTE_ALWAYS_INLINE void u64(uint64_t V) { appendULEB128(Buf, V); }
  LLVM_ATTRIBUTE_ALWAYS_INLINE void h64(uint64_t V) { appendFixed64(Buf, V); }
  void str(llvm::StringRef S) {
    u64(S.size());
    Buf.append(S.bytes_begin(), S.bytes_end());
  }

  void encodeGlobalHeader(const llvm::GlobalValue &GV);
  void encodeFunctionBody(const llvm::Function &F);
  void encodeInstruction(const llvm::Instruction &I);
  void encodeValue(const llvm::Value *V);
  /// encodeValue for an instruction operand: a local (most operands) is
  /// written inline, anything else through encodeValue.
  LLVM_ATTRIBUTE_ALWAYS_INLINE void encodeOperand(const llvm::Value *V);
  void encodeConstant(const llvm::Constant *C);
  /// The operand count, then each operand (of a constant).
  LLVM_ATTRIBUTE_ALWAYS_INLINE void encodeOperands(const llvm::User &U);
  void encodeGlobalRef(const llvm::GlobalValue *GV);
  /// The digest that stands for a global referenced by name.
  uint64_t nameDigest(const llvm::GlobalValue *GV);
  /// The slot of \p Node in \p Refs (first-reference order), added if new.
  static unsigned refSlot(llvm::SmallVectorImpl<unsigned> &Refs,
                          llvm::DenseMap<unsigned, unsigned> &Slots,
                          unsigned Node);
  /// Fills Result's second hash and references from Buf and Sites.
  void spliceSecond(LocalEncoding &Result);
  void encodeMetadata(const llvm::Metadata *MD);
  void encodeAttachments(
      llvm::SmallVectorImpl<std::pair<unsigned, llvm::MDNode *>> &MDs);
  LLVM_ATTRIBUTE_ALWAYS_INLINE void encodeSyncScope(uint8_t ID) {
    // The system scope (nearly every access): its name is empty.
    if (LLVM_LIKELY(ID == llvm::SyncScope::System && SystemScopeUnnamed))
      u64(0);
    else
      encodeSyncScopeName(ID);
  }
  void encodeSyncScopeName(uint8_t ID);

  /// The bytes of a metadata node after its number, up to its node
  /// operands: MDBytes[Begin, End) with MDChildren[FirstChild, +NumChildren)
  /// (arena offset, node) to encode in between.
  struct NodeBytes {
    uint32_t Begin, End, FirstChild, NumChildren;
  };
  static constexpr unsigned NotCached = ~0u;
  std::optional<NodeBytes> nodeBytes(const llvm::MDNode *N);
  /// What every encoding of a node starts with: the tag, distinctness and
  /// the number of operands that are not debug info.
  LLVM_ATTRIBUTE_ALWAYS_INLINE void encodeNodeHeader(const llvm::MDNode *N);
  void encodeNodeOperands(const llvm::MDNode *N);
  std::optional<uint64_t> nodeDigest(const llvm::MDNode *N);
  /// nodeDigest through DigestCache.
  std::optional<uint64_t> cachedNodeDigest(const llvm::MDNode *N);

  // The two lookups made for nearly every instruction: fast paths inline.
  unsigned localNumber(const llvm::Value *V) {
    if (LLVM_UNLIKELY(2 * (LocalsInTable + 1) > LocalTable.size()))
      growLocalTable();
    size_t Mask = LocalTable.size() - 1;
    for (size_t I = slotOf(V, LocalShift);; I = (I + 1) & Mask) {
      LocalSlot &S = LocalTable[I];
      if (S.Epoch != Epoch) {
        S.Key = V;
        S.Epoch = Epoch;
        S.Number = NextLocal;
        ++LocalsInTable;
        return NextLocal++;
      }
      if (S.Key == V)
        return S.Number;
    }
  }
  uint64_t typeHash(llvm::Type *T) {
    const TypeCacheEntry &Cached = TypeCache[slotOf(T, 64 - TypeCacheBits)];
    return Cached.T == T ? Cached.Hash : typeHashSlow(T);
  }
  /// Multiplicative hashing of a pointer: the top bits, above \p Shift.
  static size_t slotOf(const void *P, unsigned Shift) {
    return (reinterpret_cast<uintptr_t>(P) * 0x9E3779B97F4A7C15ULL) >> Shift;
  }
  void growLocalTable();
  /// Numbers a local definition (argument, block, instruction). A value
  /// nothing refers to still takes a number, but is never looked up again:
  /// it is counted without a table entry (stores, branches and void calls
  /// are a large share of all instructions). Metadata uses are not in the
  /// use list, hence the second test.
  void numberDefinition(const llvm::Value &V) {
    if (V.use_empty() && !V.isUsedByMetadata())
      ++NextLocal;
    else
      localNumber(&V);
  }
  uint64_t typeHashSlow(llvm::Type *T);
  uint64_t attrListHash(llvm::AttributeList AL);
  void encodeAttributeSet(llvm::SmallVectorImpl<uint8_t> &Out,
                          llvm::AttributeSet S);

  const llvm::Module &M;
  NodeLookup Lookup;
  EncodingView *View;
  NodeLookup SecondLookup;
  llvm::function_ref<void(const llvm::InlineAsm &)> OnInlineAsm;
  /// Whether instruction metadata attachments are encoded (the view's).
  bool InstructionMetadata = true;

  // Per-module caches.
  llvm::DenseMap<llvm::Type *, uint64_t> TypeHashes;
  /// Direct-mapped front of TypeHashes: most instructions use a few types.
  struct TypeCacheEntry {
    llvm::Type *T = nullptr;
    uint64_t Hash = 0;
  };
  static constexpr unsigned TypeCacheBits = 8;
  TypeCacheEntry TypeCache[1u << TypeCacheBits];
  llvm::SmallVector<llvm::Type *, 4> TypesInProgress;
  llvm::DenseMap<void *, uint64_t> AttrListHashes;
  /// Digests of the names of globals referenced by name.
  llvm::DenseMap<const llvm::GlobalValue *, uint64_t> NameDigests;
  /// Direct-mapped memo of Lookup and nameDigest: a definition often
  /// references one global many times (a callee, a vtable), and Lookup
  /// classifies the global and probes the node index each time. Both
  /// answers are fixed per global, so a collision only costs a lookup.
  struct GlobalCacheEntry {
    const llvm::GlobalValue *GV = nullptr;
    unsigned Node = 0;
    uint64_t NameDigest = 0;
  };
  static constexpr unsigned GlobalCacheBits = 8;
  GlobalCacheEntry GlobalCache[1u << GlobalCacheBits];
  llvm::SmallVector<llvm::StringRef, 0> MDKindNames;
  llvm::SmallVector<bool, 0> IgnoredKinds;
  llvm::SmallVector<llvm::StringRef, 0> SyncScopeNames;
  bool SystemScopeUnnamed = false;
  // Metadata nodes are shared by many definitions (TBAA): each node's own
  // bytes are built once per module.
  llvm::DenseMap<const llvm::MDNode *, unsigned> NodeBytesIndex;
  llvm::SmallVector<NodeBytes, 0> CachedNodes;
  llvm::SmallVector<uint8_t, 0> MDBytes;
  llvm::SmallVector<std::pair<uint32_t, const llvm::MDNode *>, 0> MDChildren;
  /// Digests of uniqued, acyclic metadata subtrees of fixed leaves (TBAA
  /// type DAGs, !range): computed once per module, and a use encodes the
  /// digest instead of walking the subtree again. 0 marks "no digest".
  llvm::DenseMap<const llvm::MDNode *, uint64_t> NodeDigests;
  /// Direct-mapped front of NodeDigests (a TBAA access tag is looked up for
  /// most loads and stores). It only holds what NodeDigests holds, so a
  /// collision costs a lookup, never a different encoding.
  struct DigestCacheEntry {
    const llvm::MDNode *N = nullptr;
    uint64_t Digest = 0;
  };
  static constexpr unsigned DigestCacheBits = 6;
  DigestCacheEntry DigestCache[1u << DigestCacheBits];

  // Per-definition state.
  llvm::SmallVector<uint8_t, 0> Buf;
  /// Local value numbers: an open-addressing table kept across definitions;
  /// a slot is live iff its epoch is the current definition's, so starting
  /// a definition costs nothing and the table is never cleared or shrunk.
  struct LocalSlot {
    const llvm::Value *Key = nullptr;
    uint32_t Epoch = 0;
    uint32_t Number = 0;
  };
  std::vector<LocalSlot> LocalTable;
  unsigned LocalShift = 64;
  unsigned LocalsInTable = 0;
  uint32_t Epoch = 0;
  /// The next local number; locals nothing refers to take one without a
  /// table entry.
  unsigned NextLocal = 0;
  llvm::DenseMap<const llvm::MDNode *, unsigned> MDNumbers;
  /// Slot of each referenced node in Current->Refs; searched linearly while
  /// there are few references, through this map beyond that.
  llvm::DenseMap<unsigned, unsigned> RefSlots;
  LocalEncoding *Current = nullptr;
  /// With a second lookup: where Buf holds each reference to a node
  /// ([Begin, End)), the global and its node; and the second encoding.
  struct RefSite {
    uint32_t Begin, End;
    unsigned Node;
    const llvm::GlobalValue *GV;
  };
  llvm::SmallVector<RefSite, 0> Sites;
  llvm::SmallVector<uint8_t, 0> SecondBuf;
  llvm::DenseMap<unsigned, unsigned> SecondRefSlots;
  /// Set while Buf is swapped out for metadata scratch bytes (no global is
  /// referenced there, so no site may be recorded).
  bool InScratch = false;
};

} // namespace uniqlink

#endif // UNIQLINK_LIB_HASH_IRENCODER_H
