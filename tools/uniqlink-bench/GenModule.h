//===- GenModule.h - Synthetic modules full of linkonce_odr functions -----===//
//
// The scaling benchmark needs modules of 1k..1M linkonce_odr functions that
// look like template-heavy C++: calls between the functions (a DAG, mostly
// to nearby functions), some self and mutual recursion (small cycles), loads
// from private constants, branches and PHIs. Bodies are all different, so
// nothing is deduplicated by accident. The shape depends only on the count,
// so every run measures the same module.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_TOOLS_BENCH_GENMODULE_H
#define UNIQLINK_TOOLS_BENCH_GENMODULE_H

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include <memory>

namespace uniqlink {
namespace bench {

/// A module with \p NumFunctions linkonce_odr functions (plus one private
/// constant per 16 functions and one external declaration).
std::unique_ptr<llvm::Module> generateModule(llvm::LLVMContext &Ctx,
                                             unsigned NumFunctions);

} // namespace bench
} // namespace uniqlink

#endif // UNIQLINK_TOOLS_BENCH_GENMODULE_H
