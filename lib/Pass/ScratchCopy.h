//===- ScratchCopy.h - A copy of a function to rewrite and hash -*- C++ -*-===//
//
// Private to lib/Pass. OdrView rewrites a copy of each function whose ODR
// form it cannot show in place (OdrView.h), hashes the copy and throws it
// away. CloneFunctionInto made those copies cost a third of the ODR hashes:
// a value handle per mapped value, and the ValueMapper's walk over metadata
// that such a copy never changes. This copy maps values through a plain map
// and shares all metadata with the original.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_LIB_PASS_SCRATCHCOPY_H
#define UNIQLINK_LIB_PASS_SCRATCHCOPY_H

namespace llvm {
class Function;
} // namespace llvm

namespace uniqlink {

/// Copies \p F into its module as an unnamed function with F's linkage,
/// attributes, attachments (but its subprogram) and body, for rewriting and
/// hashing only: instructions, their metadata and debug locations are the
/// original's, but debug records are not copied, and debug metadata may
/// still refer to F's values (DIArgList). Nothing may run or emit it; the
/// caller erases it.
llvm::Function *copyForRewriting(const llvm::Function &F);

} // namespace uniqlink

#endif // UNIQLINK_LIB_PASS_SCRATCHCOPY_H
