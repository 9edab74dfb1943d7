//===- OdrNormalize.cpp - What ODR hashes leave out -----------------------===//
//
// Two copies of one inline function from two translation units, or from two
// -O levels, must get one ODR hash. The front end emits them differently in
// a few known ways that do not change what the function does; this file
// rewrites a module into a form without them (normalizeForOdr): invokes of
// callees that cannot unwind become calls (decided module-wide by
// NoUnwindOracle), function attributes go except target-cpu and
// target-features, instruction metadata and lifetime markers go. OdrTable.cpp
// hashes a normalized copy; OdrNormalizePass shows the form.
//
//===----------------------------------------------------------------------===//
#include "OdrNormalize.h"

#include "uniqlink/Compat/IR.h"
#include "uniqlink/Hash/Eligibility.h"
#include "uniqlink/Pass/OdrTable.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Local.h"

#include UNIQLINK_EH_PERSONALITIES_HEADER

using namespace llvm;

namespace uniqlink {

/// Whether the body of \p F is the same in every module that uses it (its
/// source is in a header): mergeable definitions (uniqlink/Hash/Eligibility.h)
/// and, unlike the table's rule, local ones too, which every module that uses
/// them defines again. A strong definition is in one module; elsewhere it is
/// only declared.
static bool hasSharedBody(const Function &F) {
  return isMergeableDefinition(F) ||
         (!F.isDeclaration() && F.hasLocalLinkage());
}

namespace {
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
  explicit NoUnwindOracle(Module &M) {
    SmallVector<Function *, 0> Shared;
    for (Function &F : M)
      if (hasSharedBody(F))
        Shared.push_back(&F);
    // Greatest fixed point: assume every shared body cannot unwind, then
    // drop those that can until nothing changes.
    for (Function *F : Shared)
      NoUnwind.insert(F);
    // Clang emits callees after their callers: visiting the module
    // backwards settles most of it in the first round.
    bool Changed = true;
    while (Changed) {
      Changed = false;
      for (Function *F : llvm::reverse(Shared))
        if (NoUnwind.count(F) && bodyMayUnwind(*F)) {
          NoUnwind.erase(F);
          Changed = true;
        }
    }
  }

  /// Whether the call \p CB can unwind into its caller (or unwind edge).
  bool callMayUnwind(const CallBase &CB) const {
    if (CB.getAttributes().hasFnAttr(Attribute::NoUnwind))
      return false;
    const Function *Callee = CB.getCalledFunction();
    if (!Callee)
      return true;
    if (hasSharedBody(*Callee))
      return !NoUnwind.count(Callee);
    // A strong or available_externally definition's `nounwind` may have
    // been inferred from its body, which other modules do not see.
    return !(Callee->isDeclaration() && Callee->doesNotThrow());
  }

private:
  bool bodyMayUnwind(const Function &F) const {
    for (const BasicBlock &BB : F)
      for (const Instruction &I : BB) {
        if (const auto *CI = dyn_cast<CallInst>(&I)) {
          if (callMayUnwind(*CI))
            return true;
        } else if (!isa<InvokeInst>(I) && I.mayThrow()) {
          return true; // resume, cleanupret/catchswitch to the caller
        }
      }
    return false;
  }

  SmallPtrSet<const Function *, 32> NoUnwind;
};
} // namespace

/// Turns invokes of callees that cannot unwind into calls, drops the landing
/// pads left unreachable, and then a personality that nothing needs.
static void canonicalizeUnwinding(Module &M) {
  NoUnwindOracle Oracle(M);
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    SmallVector<InvokeInst *, 8> Invokes;
    for (BasicBlock &BB : F)
      if (auto *II = dyn_cast<InvokeInst>(BB.getTerminator()))
        if (!Oracle.callMayUnwind(*II))
          Invokes.push_back(II);
    for (InvokeInst *II : Invokes) {
      // The call continues in its own block, as clang emits a call.
      BasicBlock *Normal = II->getNormalDest();
      changeToCall(II);
      if (Normal->getSinglePredecessor())
        MergeBlockIntoPredecessor(Normal);
    }
    if (!Invokes.empty())
      removeUnreachableBlocks(F);
    if (!F.hasPersonalityFn() ||
        !isNoOpWithoutInvoke(classifyEHPersonality(F.getPersonalityFn())))
      continue;
    bool NeedsPersonality = llvm::any_of(F, [](const BasicBlock &BB) {
      return BB.isEHPad() || isa<InvokeInst>(BB.getTerminator());
    });
    if (!NeedsPersonality)
      F.setPersonalityFn(nullptr);
  }
}

/// Removes from a copy of a module what the front end emits differently in
/// different translation units (invokes of callees that cannot unwind, see
/// NoUnwindOracle) and at different -O levels for the same source:
/// function-level attributes of definitions and call sites (optnone, noinline,
/// frame-pointer, ...; but not target-cpu and target-features), instruction
/// metadata (TBAA, only when optimizing) and lifetime markers (only when
/// optimizing), and then the blocks left empty.  Parameter and return
/// attributes (ABI) stay.
void normalizeForOdr(Module &M) {
  // First, while call sites still carry their `nounwind`.
  canonicalizeUnwinding(M);
  for (Function &F : M) {
    // The instruction set is kept: an inline function built for AVX2 in one
    // TU and for baseline x86-64 in another is a real hazard when the linker
    // keeps one copy.
    Attribute CPU = F.getFnAttribute("target-cpu");
    Attribute Features = F.getFnAttribute("target-features");
    F.setAttributes(F.getAttributes().removeFnAttributes(F.getContext()));
    if (CPU.isValid())
      F.addFnAttr(CPU);
    if (Features.isValid())
      F.addFnAttr(Features);
    for (BasicBlock &BB : F) {
      for (Instruction &I : llvm::make_early_inc_range(BB)) {
        if (auto *II = dyn_cast<IntrinsicInst>(&I)) {
          Intrinsic::ID ID = II->getIntrinsicID();
          if ((ID == Intrinsic::lifetime_start ||
               ID == Intrinsic::lifetime_end) &&
              I.use_empty()) {
            // With typed pointers (LLVM 14) the marker's operand is an i8*
            // bitcast made for it alone; it goes too. It precedes I, so the
            // iteration is not disturbed.
            Value *Ptr = II->getArgOperand(1);
            I.eraseFromParent();
            RecursivelyDeleteTriviallyDeadInstructions(Ptr);
            continue;
          }
        }
        I.dropUnknownNonDebugMetadata();
        if (auto *CB = dyn_cast<CallBase>(&I))
          CB->setAttributes(
              CB->getAttributes().removeFnAttributes(CB->getContext()));
      }
    }
    // Blocks that held only lifetime ends (scope cleanups) now only branch.
    for (BasicBlock &BB : llvm::make_early_inc_range(F)) {
      if (&BB == &F.getEntryBlock())
        continue;
      auto *Br = dyn_cast<BranchInst>(BB.getTerminator());
      if (Br && Br->isUnconditional() && &BB.front() == Br)
        TryToSimplifyUncondBranchFromEmptyBlock(&BB);
    }
  }
}

PreservedAnalyses OdrNormalizePass::run(Module &M, ModuleAnalysisManager &) {
  normalizeForOdr(M);
  return PreservedAnalyses::none();
}

} // namespace uniqlink
