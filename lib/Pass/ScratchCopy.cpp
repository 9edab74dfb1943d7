//===- ScratchCopy.cpp - A copy of a function to rewrite and hash ---------===//
//
// See ScratchCopy.h. Two passes over the body: clone every block and
// instruction, then point the operands (and PHI incoming blocks) that refer
// to F's own values at their copies.
//
//===----------------------------------------------------------------------===//
#include "ScratchCopy.h"

#include "uniqlink/Compat/IR.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace uniqlink {

Function *copyForRewriting(const Function &F) {
  Module &M = *const_cast<Module *>(F.getParent());
  LLVMContext &Ctx = F.getContext();
  // Unnamed, so it takes no symbol table entry; its references to globals,
  // including to F itself, stay F's.
  Function *Copy = Function::Create(F.getFunctionType(), F.getLinkage(),
                                    F.getAddressSpace(), "", &M);
  Copy->copyAttributesFrom(&F);
  SmallVector<std::pair<unsigned, MDNode *>, 4> MDs;
  F.getAllMetadata(MDs);
  // A subprogram describes one function.
  for (auto [Kind, Node] : MDs)
    if (Kind != LLVMContext::MD_dbg)
      Copy->addMetadata(Kind, *Node);

  DenseMap<const Value *, Value *> Map;
  auto CopyArg = Copy->arg_begin();
  for (const Argument &A : F.args())
    Map[&A] = &*CopyArg++;
  SmallVector<Instruction *, 0> Copied;
  for (const BasicBlock &BB : F) {
    BasicBlock *NewBB = BasicBlock::Create(Ctx, "", Copy);
    Map[&BB] = NewBB;
    for (const Instruction &I : BB) {
      Instruction *NewI = I.clone();
      compat::appendInstruction(*NewBB, NewI);
      Map[&I] = NewI;
      Copied.push_back(NewI);
    }
  }

  auto Mapped = [&](Value *V) -> Value * {
    if (isa<Instruction>(V) || isa<Argument>(V) || isa<BasicBlock>(V))
      return Map.lookup(V);
    // A local in metadata (a debug intrinsic's operand on LLVM < 19, or
    // an intrinsic that names a value in metadata).
    if (auto *MAV = dyn_cast<MetadataAsValue>(V))
      if (auto *LAM = dyn_cast<LocalAsMetadata>(MAV->getMetadata()))
        if (Value *To = Map.lookup(LAM->getValue()))
          return MetadataAsValue::get(Ctx, LocalAsMetadata::get(To));
    return nullptr;
  };
  for (Instruction *I : Copied) {
    for (Use &Op : I->operands())
      if (Value *To = Mapped(Op.get()))
        Op.set(To);
    if (auto *PN = dyn_cast<PHINode>(I))
      for (unsigned In = 0, E = PN->getNumIncomingValues(); In != E; ++In)
        PN->setIncomingBlock(In,
                             cast<BasicBlock>(Map[PN->getIncomingBlock(In)]));
  }
  return Copy;
}

} // namespace uniqlink
