//===- uniqlink/Hash/EncodingView.h - Hashing as if rewritten --*- C++ -*-===//
//
// Content hashes (ContentHash.h) normally encode definitions as written. An
// EncodingView lets the encoder see them as a rewrite would leave them,
// without rewriting the module: the ODR hashes (uniqlink/Pass/OdrTable.h)
// hash the IR with function-level attributes, instruction metadata and
// unused personalities left out, and with some bodies replaced by rewritten
// copies. Hashing through the view gives the bytes the encoder would produce
// on the rewritten module, so one encoder serves both hashes.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_HASH_ENCODINGVIEW_H
#define UNIQLINK_HASH_ENCODINGVIEW_H

#include "llvm/IR/Attributes.h"

namespace llvm {
class BasicBlock;
class CallBase;
class Function;
class Instruction;
} // namespace llvm

namespace uniqlink {

/// What the encoder asks instead of reading the IR directly.
class EncodingView {
public:
  virtual ~EncodingView() = default;

  /// The function encoded in place of \p F (header and body): \p F itself,
  /// or a rewritten copy whose references to globals are \p F's own.
  virtual const llvm::Function &bodyOf(const llvm::Function &F) = 0;

  /// The attributes of a function definition as the view sees them.
  virtual llvm::AttributeList functionAttributes(const llvm::Function &F) = 0;

  /// The attributes of a call site as the view sees them.
  virtual llvm::AttributeList callAttributes(const llvm::CallBase &CB) = 0;

  /// Whether \p F's personality is seen (only asked when it has one).
  virtual bool keepsPersonality(const llvm::Function &F) = 0;

  /// Whether instruction metadata attachments are seen at all.
  virtual bool keepsInstructionMetadata() const = 0;

  /// Whether the instruction \p I of a body being encoded is left out.
  virtual bool skips(const llvm::Instruction &I) = 0;

  /// The block that stands for \p BB of a body being encoded: \p BB, or
  /// for a block the view leaves out, the block its predecessors branch to
  /// instead.
  virtual const llvm::BasicBlock *blockFor(const llvm::BasicBlock &BB) = 0;
};

} // namespace uniqlink

#endif // UNIQLINK_HASH_ENCODINGVIEW_H
