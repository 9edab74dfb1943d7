//===- Memory.cpp - RSS, peak RSS and heap in use (Linux) -----------------===//
//
// The peak of a region is VmHWM after writing "5" to /proc/self/clear_refs
// (which resets VmHWM to VmRSS); malloc_trim first, so that memory freed by
// an earlier iteration is not silently reused and hidden from the peak.
//
//===----------------------------------------------------------------------===//
#include "Bench.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"

#include <fstream>
#include <malloc.h>

using namespace llvm;

namespace uniqlink {
namespace bench {

MemoryUsage memoryUsage() {
  MemoryUsage U;
  auto Buf = MemoryBuffer::getFileAsStream("/proc/self/status");
  if (!Buf)
    return U;
  auto KB = [](StringRef Line) {
    uint64_t V = 0;
    Line.ltrim().consumeInteger(10, V);
    return V * 1024;
  };
  StringRef Text = (*Buf)->getBuffer();
  while (!Text.empty()) {
    auto [Line, Rest] = Text.split('\n');
    Text = Rest;
    if (Line.consume_front("VmRSS:"))
      U.RSS = KB(Line);
    else if (Line.consume_front("VmHWM:"))
      U.Peak = KB(Line);
  }
  return U;
}

void resetPeakMemory() {
  malloc_trim(0);
  std::ofstream("/proc/self/clear_refs") << "5";
}

uint64_t heapInUse() {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
  return mallinfo2().uordblks;
#else
  return static_cast<unsigned>(mallinfo().uordblks);
#endif
}

} // namespace bench
} // namespace uniqlink
