//===- NoBenchmark.cpp - --bench when built without the checker -----------===//
//
// Used only while lib/Check is absent from the build, so the tool still
// links and says why the benchmark is unavailable.
//
//===----------------------------------------------------------------------===//

#include "Demo.h"

namespace uniqlink {
namespace demo {

llvm::Error runBenchmark(unsigned, LinkerKind, llvm::raw_ostream &) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "built without the object checker");
}

} // namespace demo
} // namespace uniqlink
