//===- Bench.h - Shared pieces of uniqlink-bench ---------------*- C++ -*-===//
//
// uniqlink-bench registers Google Benchmark cases by group; each group lives
// in its own file and is registered only when its input option is given.
// Peak memory comes from /proc/self (Linux): the high-water mark is reset
// before a measured region and read after it.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_TOOLS_BENCH_BENCH_H
#define UNIQLINK_TOOLS_BENCH_BENCH_H

#include "llvm/Support/Error.h"
#include <cstdint>
#include <string>
#include <vector>

namespace uniqlink {
namespace bench {

/// Resident set size and its high-water mark, in bytes (0 if unknown).
struct MemoryUsage {
  uint64_t RSS = 0, Peak = 0;
};
MemoryUsage memoryUsage();
/// Returns freed heap memory to the system and resets the high-water mark
/// to the current RSS, so that the next memoryUsage().Peak is the peak of
/// what runs in between.
void resetPeakMemory();
/// Bytes currently allocated through malloc.
uint64_t heapInUse();

/// Pipeline benchmarks on one bitcode file: read, write, verify, the
/// structural hash, unique-linkonce per mode, and optionally -O2.
llvm::Error registerPipelineBenchmarks(const std::string &Path, bool WithO2);
/// unique-linkonce per mode on a generated module of \p NumFunctions.
void registerScalingBenchmarks(unsigned NumFunctions);
/// Fingerprint + admit of every object in \p Archives (static archives or
/// object files); counters for symbols/s, MB/s and registry bytes per symbol.
llvm::Error registerCheckBenchmarks(const std::vector<std::string> &Archives);
/// LLJIT adding \p NumModules small IR modules: plain add vs rename-then-add.
void registerJitBenchmarks(unsigned NumModules);

} // namespace bench
} // namespace uniqlink

#endif // UNIQLINK_TOOLS_BENCH_BENCH_H
