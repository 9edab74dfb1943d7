//===- GenModule.cpp - Synthetic modules full of linkonce_odr functions ---===//
//
// Function I (in its own comdat, like C++ inline functions on ELF):
//
//   entry: %c = icmp slt i64 %x, I ; br %c, then, else
//   then:  %v = load (gep @.cst.<I/16>, I%4) ; %a = call F1(%v, %x)
//   else:  %b = call F2(%x, %y) ; %e = call @ext(%b)
//   join:  %r = phi [%a, then], [%e, else] ; ret (add nsw %r, I)
//
// F1 and F2 are later functions (a DAG of short and long edges; past the end,
// an external function); every 16th function calls itself, and functions
// 32k+4 and 32k+5 call each other.
//
//===----------------------------------------------------------------------===//
#include "GenModule.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"

#include <string>
#include <vector>

using namespace llvm;

std::unique_ptr<Module> uniqlink::bench::generateModule(LLVMContext &Ctx,
                                                        unsigned N) {
  auto M = std::make_unique<Module>("uniqlink-bench-gen", Ctx);
  Type *I64 = Type::getInt64Ty(Ctx);
  FunctionType *FT = FunctionType::get(I64, {I64, I64}, false);
  FunctionCallee Ext = M->getOrInsertFunction(
      "_Z8externall", FunctionType::get(I64, {I64}, false));
  FunctionCallee Ext2 = M->getOrInsertFunction("_Z9external2ll", FT);

  ArrayType *CstTy = ArrayType::get(I64, 4);
  std::vector<GlobalVariable *> Csts;
  for (unsigned K = 0; K < (N + 15) / 16; ++K) {
    Constant *Init = ConstantArray::get(
        CstTy, {ConstantInt::get(I64, K), ConstantInt::get(I64, K + 1),
                ConstantInt::get(I64, K + 2), ConstantInt::get(I64, K * 3)});
    auto *GV = new GlobalVariable(*M, CstTy, /*isConstant=*/true,
                                  GlobalValue::PrivateLinkage, Init, ".cst");
    GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
    Csts.push_back(GV);
  }

  std::vector<Function *> Fs;
  Fs.reserve(N);
  for (unsigned I = 0; I < N; ++I) {
    // Itanium-like: bench::f<I>(long, long).
    std::string Name = "_ZN5bench1fILi" + std::to_string(I) + "EEEll";
    Function *F =
        Function::Create(FT, GlobalValue::LinkOnceODRLinkage, Name, *M);
    F->setComdat(M->getOrInsertComdat(Name));
    F->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
    Fs.push_back(F);
  }

  auto Callee = [&](uint64_t J) -> FunctionCallee {
    if (J < N)
      return Fs[J];
    return Ext2;
  };
  IRBuilder<> B(Ctx);
  for (unsigned I = 0; I < N; ++I) {
    Function *F = Fs[I];
    Value *X = F->getArg(0), *Y = F->getArg(1);
    auto *Entry = BasicBlock::Create(Ctx, "entry", F);
    auto *Then = BasicBlock::Create(Ctx, "then", F);
    auto *Else = BasicBlock::Create(Ctx, "else", F);
    auto *Join = BasicBlock::Create(Ctx, "join", F);

    uint64_t C1 = I + 1 + (I * 7) % 13, C2 = I + 2 + (I * 31) % 97;
    if (I % 16 == 0)
      C1 = I;
    if (I % 32 == 4)
      C1 = I + 1;
    if (I % 32 == 5)
      C2 = I - 1;

    B.SetInsertPoint(Entry);
    B.CreateCondBr(B.CreateICmpSLT(X, B.getInt64(I)), Then, Else);
    B.SetInsertPoint(Then);
    Value *P = B.CreateConstInBoundsGEP2_64(CstTy, Csts[I / 16], 0, I % 4);
    Value *A = B.CreateCall(Callee(C1), {B.CreateLoad(I64, P), X});
    B.CreateBr(Join);
    B.SetInsertPoint(Else);
    Value *E = B.CreateCall(Ext, {B.CreateCall(Callee(C2), {X, Y})});
    B.CreateBr(Join);
    B.SetInsertPoint(Join);
    PHINode *R = B.CreatePHI(I64, 2);
    R->addIncoming(A, Then);
    R->addIncoming(E, Else);
    B.CreateRet(B.CreateNSWAdd(R, B.getInt64(I)));
  }
  return M;
}
