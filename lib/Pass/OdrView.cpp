//===- OdrView.cpp - A module seen in its ODR form, unchanged -------------===//
//
// See OdrView.h. Each answer is what normalizeForOdr (OdrNormalize.cpp) would
// leave in the module; OdrViewTest checks the hashes against those of a
// normalized copy.
//
//===----------------------------------------------------------------------===//
#include "OdrView.h"

#include "ScratchCopy.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace uniqlink {

OdrView::OdrView(Module &M) : Oracle(M) {
  // A blockaddress names its block by position, and the copy's rewrites
  // (an invoke's landing pad removed, a reference by name made a
  // declaration) change what it points into: such a module is hashed on a
  // copy instead, as it was.
  for (const Function &F : M)
    for (const BasicBlock &BB : F)
      if (BB.hasAddressTaken()) {
        Faithful = false;
        return;
      }
}

OdrView::~OdrView() {
  for (Function *Copy : Copies)
    Copy->eraseFromParent();
}

Function *OdrView::rewrittenCopy(const Function &F) {
  OdrBlockChanges Changes = odrBlockChanges(F, Oracle);
  if (!Changes.NeedsRewrite) {
    for (auto [BB, To] : Changes.Removed)
      Redirect[BB] = To;
    return nullptr;
  }
  Function *Copy = copyForRewriting(F);
  normalizeFunctionForOdr(*Copy, Oracle);
  Copies.push_back(Copy);
  return Copy;
}

const Function &OdrView::bodyOf(const Function &F) {
  auto [It, New] = Bodies.try_emplace(&F, nullptr);
  if (New)
    It->second = rewrittenCopy(F);
  return It->second ? *It->second : F;
}

AttributeList OdrView::functionAttributes(const Function &F) {
  auto [It, New] = FunctionAttrs.try_emplace(F.getAttributes().getRawPointer());
  if (New)
    It->second = odrFunctionAttributes(F);
  return It->second;
}

AttributeList OdrView::callAttributes(const CallBase &CB) {
  auto [It, New] = CallAttrs.try_emplace(CB.getAttributes().getRawPointer());
  if (New)
    It->second = odrCallAttributes(CB);
  return It->second;
}

bool OdrView::skips(const Instruction &I) { return odrDropsInstruction(I); }

const BasicBlock *OdrView::blockFor(const BasicBlock &BB) {
  auto It = Redirect.find(&BB);
  return It == Redirect.end() ? &BB : It->second;
}

bool OdrView::keepsPersonality(const Function &F) {
  return odrKeepsPersonality(F);
}

} // namespace uniqlink
