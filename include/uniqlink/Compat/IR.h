//===- uniqlink/Compat/IR.h - IR shims --------------------------*- C++ -*-===//
//
// Every difference between the LLVM majors uniqlink builds against (14, 15,
// 16, 19, 22) lives in uniqlink/Compat/, so the rest of the code reads as if
// there were one LLVM. Each shim is a small inline function or alias named
// after what it does, not after the version that needs it. One header per
// layer, so that a library includes only the LLVM headers of its own layer:
// Support.h (ADT, Support), IR.h, Passes.h (pass plugins), ORC.h.
//
// This one: the IR (debug info, opaque pointers, instructions, modules).
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_COMPAT_IR_H
#define UNIQLINK_COMPAT_IR_H

#include "llvm/Config/llvm-config.h"
#include "llvm/IR/BasicBlock.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/LLVMContext.h"
#include <string>
#include <type_traits>

/// EHPersonalities.h moved from Analysis to IR in LLVM 17.
#if __has_include("llvm/IR/EHPersonalities.h")
#define UNIQLINK_EH_PERSONALITIES_HEADER "llvm/IR/EHPersonalities.h"
#else
#define UNIQLINK_EH_PERSONALITIES_HEADER "llvm/Analysis/EHPersonalities.h"
#endif

namespace uniqlink {
namespace compat {

/// True for instructions that only carry debug info (llvm.dbg.* calls on
/// LLVM versions that still represent debug info as instructions).
inline bool isDebugInstruction(const llvm::Instruction &I) {
  return llvm::isa<llvm::DbgInfoIntrinsic>(I);
}

/// True if textual IR may hold debug records (`#dbg_value`, ...): LLVM 19
/// and later. Older majors only know llvm.dbg.* intrinsic calls.
constexpr bool HasDebugRecordSyntax = LLVM_VERSION_MAJOR >= 19;

/// Appends \p I, which has no parent, to the end of \p BB (LLVM 16 made
/// the instruction list private and added insertInto).
inline void appendInstruction(llvm::BasicBlock &BB, llvm::Instruction *I) {
#if LLVM_VERSION_MAJOR >= 16
  I->insertInto(&BB, BB.end());
#else
  BB.getInstList().push_back(I);
#endif
}

/// Makes \p Ctx read and build opaque-pointer IR (`ptr`), as every major
/// from 15 does by default. Call it before parsing IR into \p Ctx.
inline void useOpaquePointers(llvm::LLVMContext &Ctx) {
#if LLVM_VERSION_MAJOR == 14
  Ctx.enableOpaquePointers();
#else
  (void)Ctx;
#endif
}

/// Calls \p Fn on each case value of \p SI that is not one of its operands.
/// Up to LLVM 21 the case values are operands (an operand walk sees them);
/// LLVM 22 keeps them in an array of their own.
template <typename FnT>
void forEachCaseValueOutsideOperands(const llvm::SwitchInst &SI, FnT Fn) {
#if LLVM_VERSION_MAJOR >= 22
  for (const auto &Case : SI.cases())
    Fn(Case.getCaseValue());
#else
  (void)SI;
  (void)Fn;
#endif
}

/// The predicate of a compare constant expression, or 0 (LLVM 19 removed
/// icmp/fcmp constant expressions).
inline unsigned constantExprPredicate(const llvm::ConstantExpr &CE) {
#if LLVM_VERSION_MAJOR < 19
  if (CE.isCompare())
    return CE.getPredicate();
#endif
  (void)CE;
  return 0;
}

/// Sets the target triple of a module. LLVM 22 takes a Triple, older majors
/// a string. Chosen by the type getTargetTriple() returns.
template <typename ModuleT, typename TripleT>
void setModuleTargetTriple(ModuleT &M, const TripleT &TT) {
  if constexpr (std::is_convertible_v<const TripleT &,
                                      decltype(M.getTargetTriple())>)
    M.setTargetTriple(TT);
  else
    M.setTargetTriple(TT.str());
}

/// A module's target triple as a string: getTargetTriple() returns a Triple
/// on LLVM 22, a string before. Chosen by type.
template <typename TripleT> std::string tripleString(const TripleT &T) {
  if constexpr (std::is_convertible_v<const TripleT &, std::string>)
    return T;
  else
    return T.str();
}
} // namespace compat
} // namespace uniqlink

#endif // UNIQLINK_COMPAT_IR_H
