//===- OdrNormalize.cpp - What ODR hashes leave out -----------------------===//
//
// Two copies of one inline function from two translation units, or from two
// -O levels, must get one ODR hash. The front end emits them differently in
// a few known ways that do not change what the function does; this file
// rewrites a module into a form without them (normalizeForOdr): invokes of
// callees that cannot unwind become calls (decided module-wide by
// NoUnwindOracle), function attributes go except target-cpu and
// target-features, instruction metadata and lifetime markers go.
// OdrView.cpp hashes through that form without rewriting the module (only
// the few bodies whose blocks change are rewritten, as copies);
// OdrNormalizePass shows the form.
//
//===----------------------------------------------------------------------===//
#include "OdrNormalize.h"

#include "uniqlink/Compat/IR.h"
#include "uniqlink/Hash/Eligibility.h"
#include "uniqlink/Pass/OdrTable.h"

#include "llvm/ADT/DenseMap.h"
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

NoUnwindOracle::NoUnwindOracle(const Module &M) {
  // The greatest fixed point of "assume no shared body unwinds, drop those
  // that can": a body can unwind iff it has an unwinding site of its own or
  // calls, without call-site `nounwind`, a shared body that can. One walk
  // over the bodies finds the sites and the calls; the bodies that can
  // unwind then spread to their callers.
  SmallVector<const Function *, 0> Shared;
  DenseMap<const Function *, unsigned> Index;
  for (const Function &F : M)
    if (hasSharedBody(F)) {
      Index[&F] = Shared.size();
      Shared.push_back(&F);
    }
  // (callee, caller) between shared bodies; MayUnwind by index.
  std::vector<std::pair<unsigned, unsigned>> Calls;
  std::vector<bool> MayUnwind(Shared.size());
  SmallVector<unsigned, 0> Worklist;
  for (unsigned Caller = 0; Caller != Shared.size(); ++Caller)
    if (hasUnwindSite(*Shared[Caller], [&](const Function &Callee) {
          Calls.emplace_back(Index.lookup(&Callee), Caller);
        })) {
      MayUnwind[Caller] = true;
      Worklist.push_back(Caller);
    }
  llvm::sort(Calls);
  while (!Worklist.empty()) {
    unsigned Callee = Worklist.pop_back_val();
    for (auto It = llvm::lower_bound(Calls, std::make_pair(Callee, 0u));
         It != Calls.end() && It->first == Callee; ++It)
      if (!MayUnwind[It->second]) {
        MayUnwind[It->second] = true;
        Worklist.push_back(It->second);
      }
  }
  for (unsigned I = 0; I != Shared.size(); ++I)
    if (!MayUnwind[I])
      NoUnwind.insert(Shared[I]);
}

bool NoUnwindOracle::callMayUnwindDirectly(const CallBase &CB,
                                           const Function *&SharedCallee) {
  SharedCallee = nullptr;
  if (CB.getAttributes().hasFnAttr(Attribute::NoUnwind))
    return false;
  const Function *Callee = CB.getCalledFunction();
  if (!Callee)
    return true;
  if (hasSharedBody(*Callee)) {
    SharedCallee = Callee;
    return false;
  }
  // A strong or available_externally definition's `nounwind` may have
  // been inferred from its body, which other modules do not see.
  return !(Callee->isDeclaration() && Callee->doesNotThrow());
}

bool NoUnwindOracle::hasUnwindSite(
    const Function &F, function_ref<void(const Function &)> OnSharedCall) {
  for (const BasicBlock &BB : F)
    for (const Instruction &I : BB) {
      if (const auto *CI = dyn_cast<CallInst>(&I)) {
        const Function *SharedCallee;
        if (callMayUnwindDirectly(*CI, SharedCallee))
          return true;
        if (SharedCallee)
          OnSharedCall(*SharedCallee);
      } else if (!isa<InvokeInst>(I) && I.mayThrow()) {
        return true; // resume, cleanupret/catchswitch to the caller
      }
    }
  return false;
}

bool NoUnwindOracle::callMayUnwind(const CallBase &CB) const {
  const Function *SharedCallee;
  if (callMayUnwindDirectly(CB, SharedCallee))
    return true;
  return SharedCallee && !NoUnwind.count(SharedCallee);
}

/// Whether a function's personality routine does nothing but dispatch to
/// landing pads (so a body without any needs none).
static bool hasNoOpPersonalityWithoutInvoke(const Function &F) {
  return F.hasPersonalityFn() &&
         isNoOpWithoutInvoke(classifyEHPersonality(F.getPersonalityFn()));
}

static bool hasEHPadOrInvoke(const Function &F) {
  return llvm::any_of(F, [](const BasicBlock &BB) {
    return BB.isEHPad() || isa<InvokeInst>(BB.getTerminator());
  });
}

/// Turns invokes of callees that cannot unwind into calls, drops the landing
/// pads left unreachable, and then a personality that nothing needs.
static void canonicalizeUnwinding(Function &F, const NoUnwindOracle &Oracle) {
  if (F.isDeclaration())
    return;
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
  if (hasNoOpPersonalityWithoutInvoke(F) && !hasEHPadOrInvoke(F))
    F.setPersonalityFn(nullptr);
}

static bool isLifetimeMarker(const Instruction &I) {
  const auto *II = dyn_cast<IntrinsicInst>(&I);
  return II && (II->getIntrinsicID() == Intrinsic::lifetime_start ||
                II->getIntrinsicID() == Intrinsic::lifetime_end);
}

/// Whether \p BB holds nothing but an unconditional branch.
static bool onlyBranches(const BasicBlock &BB) {
  const auto *Br = dyn_cast<BranchInst>(BB.getTerminator());
  return Br && Br->isUnconditional() && &BB.front() == Br;
}

AttributeList odrFunctionAttributes(const Function &F) {
  // The instruction set is kept: an inline function built for AVX2 in one
  // TU and for baseline x86-64 in another is a real hazard when the linker
  // keeps one copy.
  LLVMContext &Ctx = F.getContext();
  AttributeList AL = F.getAttributes().removeFnAttributes(Ctx);
  for (StringRef Kept : {"target-cpu", "target-features"}) {
    Attribute A = F.getFnAttribute(Kept);
    if (A.isValid())
      AL = AL.addFnAttribute(Ctx, A);
  }
  return AL;
}

AttributeList odrCallAttributes(const CallBase &CB) {
  return CB.getAttributes().removeFnAttributes(CB.getContext());
}

bool odrKeepsPersonality(const Function &F) {
  return !hasNoOpPersonalityWithoutInvoke(F) || hasEHPadOrInvoke(F);
}

/// Removes what normalizeForOdr removes from one function once its
/// unwinding is canonical: function-level attributes, instruction metadata,
/// call-site attributes, lifetime markers and the blocks left empty.
static void stripForOdr(Function &F) {
  F.setAttributes(odrFunctionAttributes(F));
  for (BasicBlock &BB : F) {
    for (Instruction &I : llvm::make_early_inc_range(BB)) {
      if (isLifetimeMarker(I) && I.use_empty()) {
        // With typed pointers (LLVM 14) the marker's operand is an i8*
        // bitcast made for it alone; it goes too. It precedes I, so the
        // iteration is not disturbed.
        Value *Ptr = cast<IntrinsicInst>(I).getArgOperand(1);
        I.eraseFromParent();
        RecursivelyDeleteTriviallyDeadInstructions(Ptr);
        continue;
      }
      I.dropUnknownNonDebugMetadata();
      if (auto *CB = dyn_cast<CallBase>(&I))
        CB->setAttributes(odrCallAttributes(*CB));
    }
  }
  // Blocks that held only lifetime ends (scope cleanups) now only branch.
  for (BasicBlock &BB : llvm::make_early_inc_range(F))
    if (&BB != &F.getEntryBlock() && onlyBranches(BB))
      TryToSimplifyUncondBranchFromEmptyBlock(&BB);
}

bool odrDropsInstruction(const Instruction &I) { return isLifetimeMarker(I); }

OdrBlockChanges odrBlockChanges(const Function &F,
                                const NoUnwindOracle &Oracle) {
  OdrBlockChanges Changes;
  DenseMap<const BasicBlock *, const BasicBlock *> Next;
  for (const BasicBlock &BB : F) {
    bool OnlyMarkers = true;
    for (const Instruction &I : BB) {
      if (I.isTerminator())
        break;
      if (!isLifetimeMarker(I)) {
        OnlyMarkers = false;
        continue;
      }
      // stripForOdr deletes the operand too once nothing else uses it.
      const auto *Ptr =
          dyn_cast<Instruction>(cast<IntrinsicInst>(I).getArgOperand(1));
      if (Ptr && llvm::all_of(Ptr->users(), [](const User *U) {
            return isLifetimeMarker(*cast<Instruction>(U));
          }))
        Changes.NeedsRewrite = true;
    }
    const Instruction *Term = BB.getTerminator();
    if (const auto *II = dyn_cast<InvokeInst>(Term))
      if (!Oracle.callMayUnwind(*II))
        Changes.NeedsRewrite = true;
    const auto *Br = dyn_cast<BranchInst>(Term);
    if (!OnlyMarkers || &BB == &F.getEntryBlock() || !Br ||
        !Br->isUnconditional())
      continue;
    // TryToSimplifyUncondBranchFromEmptyBlock: without PHIs in the
    // successor, the block goes and its predecessors branch on.
    const BasicBlock *Succ = Br->getSuccessor(0);
    if (Succ == &BB || isa<PHINode>(Succ->front()))
      Changes.NeedsRewrite = true;
    else
      Next[&BB] = Succ;
    if (Changes.NeedsRewrite)
      return Changes;
  }
  if (Changes.NeedsRewrite)
    return Changes;
  // Through chains of removed blocks; a cycle of them stays (a loop).
  for (auto [BB, Succ] : Next) {
    const BasicBlock *To = Succ;
    size_t Steps = 0;
    for (auto It = Next.find(To); It != Next.end(); It = Next.find(To)) {
      To = It->second;
      if (++Steps > Next.size()) {
        Changes.NeedsRewrite = true;
        Changes.Removed.clear();
        return Changes;
      }
    }
    Changes.Removed.emplace_back(BB, To);
  }
  return Changes;
}

void normalizeFunctionForOdr(Function &F, const NoUnwindOracle &Oracle) {
  canonicalizeUnwinding(F, Oracle);
  stripForOdr(F);
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
  NoUnwindOracle Oracle(M);
  for (Function &F : M)
    canonicalizeUnwinding(F, Oracle);
  for (Function &F : M)
    stripForOdr(F);
}

PreservedAnalyses OdrNormalizePass::run(Module &M, ModuleAnalysisManager &) {
  normalizeForOdr(M);
  return PreservedAnalyses::none();
}

} // namespace uniqlink
