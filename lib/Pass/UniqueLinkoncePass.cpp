//===- UniqueLinkoncePass.cpp - The unique-linkonce module pass -----------===//
//
// The new-pass-manager wrapper over renameLinkonceDefinitions. Errors (the
// map file cannot be written) go to the context's diagnostic handler, which
// in opt and clang prints them and fails the compilation cleanly.
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Pass/UniqueLinkonce.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace uniqlink;

PreservedAnalyses UniqueLinkoncePass::run(Module &M, ModuleAnalysisManager &) {
  Expected<size_t> NumRenamed =
      renameLinkonceDefinitions(M, Opts, /*Result=*/nullptr);
  if (!NumRenamed) {
    M.getContext().emitError(toString(NumRenamed.takeError()));
    return PreservedAnalyses::all();
  }
  // Renaming changes no IR structure, but analyses may cache names.
  return *NumRenamed == 0 ? PreservedAnalyses::all()
                          : PreservedAnalyses::none();
}

void UniqueLinkoncePass::printPipeline(
    raw_ostream &OS, function_ref<StringRef(StringRef)> MapClassName2PassName) {
  OS << MapClassName2PassName(name()) << '<' << printUniqueLinkonceOptions(Opts)
     << '>';
}
