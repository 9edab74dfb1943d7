//===- OdrView.h - A module seen in its ODR form, unchanged -----*- C++ -*-===//
//
// Private to lib/Pass. The ODR hashes (uniqlink/Pass/OdrTable.h) are content
// hashes of the module in its normalized form (OdrNormalize.h). Rewriting a
// copy of the whole module into that form cost ~1.6 s on a 14 MB module (the
// clone alone 1.4 s, about 9 % of -O2); hashing takes 0.07 s. OdrView gives
// the encoder the same bytes without the copy: function-level attributes,
// instruction metadata, unused personalities, lifetime markers and the
// blocks they leave holding only a branch are left out as the encoder reads
// them. Only a function the view cannot show that way (an invoke that
// becomes a call, mostly) is copied, alone, and rewritten.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_LIB_PASS_ODRVIEW_H
#define UNIQLINK_LIB_PASS_ODRVIEW_H

#include "OdrNormalize.h"

#include "uniqlink/Hash/EncodingView.h"

#include "llvm/ADT/DenseMap.h"
#include <vector>

namespace llvm {
class Module;
} // namespace llvm

namespace uniqlink {

/// The normalized form of a module, for IREncoder. Rewritten copies live in
/// the module (unnamed) until the view is destroyed.
class OdrView final : public EncodingView {
public:
  explicit OdrView(llvm::Module &M);
  ~OdrView() override;
  OdrView(const OdrView &) = delete;
  OdrView &operator=(const OdrView &) = delete;

  /// False if the module has a block whose address is taken: hashes taken
  /// through the view would then not be those of the normalized module.
  bool isFaithful() const { return Faithful; }

  const llvm::Function &bodyOf(const llvm::Function &F) override;
  llvm::AttributeList functionAttributes(const llvm::Function &F) override;
  llvm::AttributeList callAttributes(const llvm::CallBase &CB) override;
  bool keepsPersonality(const llvm::Function &F) override;
  bool keepsInstructionMetadata() const override { return false; }
  bool skips(const llvm::Instruction &I) override;
  const llvm::BasicBlock *blockFor(const llvm::BasicBlock &BB) override;

private:
  llvm::Function *rewrittenCopy(const llvm::Function &F);

  NoUnwindOracle Oracle;
  bool Faithful = true;
  /// Function -> its rewritten copy, or null when it is seen as written.
  llvm::DenseMap<const llvm::Function *, llvm::Function *> Bodies;
  std::vector<llvm::Function *> Copies;
  /// Blocks of the bodies seen in place that the form removes -> the block
  /// their predecessors branch to instead.
  llvm::DenseMap<const llvm::BasicBlock *, const llvm::BasicBlock *> Redirect;
  /// Attribute list (raw pointer) -> its normalized form.
  llvm::DenseMap<void *, llvm::AttributeList> FunctionAttrs, CallAttrs;
};

} // namespace uniqlink

#endif // UNIQLINK_LIB_PASS_ODRVIEW_H
