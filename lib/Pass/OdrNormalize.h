//===- OdrNormalize.h - The form ODR hashes are computed on -----*- C++ -*-===//
//
// Private to lib/Pass: the form ODR hashes see. normalizeForOdr rewrites a
// whole module into it (OdrNormalizePass, uniqlink/Pass/OdrTable.h, and the
// copy OdrTable.cpp hashes on request); the pieces below let OdrView.cpp
// hash through the form without rewriting the module.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_LIB_PASS_ODRNORMALIZE_H
#define UNIQLINK_LIB_PASS_ODRNORMALIZE_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Attributes.h"

namespace llvm {
class BasicBlock;
class CallBase;
class Instruction;
class Function;
class Module;
} // namespace llvm

namespace uniqlink {

/// Which functions of a module cannot unwind, decided from what every module
/// compiling the same source agrees on: call-site `nounwind` (the callee's
/// declared exception specification), the attributes of declarations, and the
/// bodies of shared definitions, optimistically over recursion.
///
/// Clang emits a call instead of an invoke when the callee is already known
/// not to throw, and it learns that from definitions it emitted earlier (it
/// marks each finished function that cannot throw `nounwind`). The emission
/// order differs per translation unit, so one copy of an inline function may
/// invoke a callee under a terminate landing pad where another copy calls it.
/// Deciding with the whole module instead gives every copy the same answer.
class NoUnwindOracle {
public:
  explicit NoUnwindOracle(const llvm::Module &M);

  /// Whether the call \p CB can unwind into its caller (or unwind edge).
  bool callMayUnwind(const llvm::CallBase &CB) const;

private:
  /// Whether \p CB may unwind whatever shared bodies do; sets
  /// \p SharedCallee to its callee if that is a shared body (it decides).
  static bool callMayUnwindDirectly(const llvm::CallBase &CB,
                                    const llvm::Function *&SharedCallee);
  /// Whether \p F has a site that may unwind to its caller whatever shared
  /// bodies do; reports its calls to shared bodies until it finds one.
  static bool
  hasUnwindSite(const llvm::Function &F,
                llvm::function_ref<void(const llvm::Function &)> OnSharedCall);

  llvm::SmallPtrSet<const llvm::Function *, 32> NoUnwind;
};

/// Removes from \p M what the front end emits differently in different
/// translation units and at different -O levels for the same source (see
/// OdrNormalize.cpp). Meant for a copy of a module: it changes code.
void normalizeForOdr(llvm::Module &M);

/// normalizeForOdr for one function of a module whose oracle is \p Oracle.
void normalizeFunctionForOdr(llvm::Function &F, const NoUnwindOracle &Oracle);

/// How normalizing changes the blocks of one function, as far as a view can
/// show it without rewriting: lifetime markers go (odrDropsInstruction), and
/// blocks left holding only a branch go, their predecessors branching on.
struct OdrBlockChanges {
  /// The function must be rewritten to be seen normalized: an invoke becomes
  /// a call, a marker's operand goes with it, or an emptied block's
  /// successor has PHIs (they would be merged).
  bool NeedsRewrite = false;
  /// Each block that goes, with the block its predecessors then branch to.
  llvm::SmallVector<
      std::pair<const llvm::BasicBlock *, const llvm::BasicBlock *>, 4>
      Removed;
};
OdrBlockChanges odrBlockChanges(const llvm::Function &F,
                                const NoUnwindOracle &Oracle);

/// Whether the normalized form drops \p I (a lifetime marker).
bool odrDropsInstruction(const llvm::Instruction &I);

/// \p F's attributes in the normalized form: target-cpu and
/// target-features are the only function-level ones left.
llvm::AttributeList odrFunctionAttributes(const llvm::Function &F);

/// A call site's attributes in the normalized form: no function-level ones.
llvm::AttributeList odrCallAttributes(const llvm::CallBase &CB);

/// Whether \p F, which normalizing need not rewrite, keeps its personality
/// in the normalized form.
bool odrKeepsPersonality(const llvm::Function &F);

} // namespace uniqlink

#endif // UNIQLINK_LIB_PASS_ODRNORMALIZE_H
