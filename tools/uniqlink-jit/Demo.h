//===- Demo.h - The fork-cache demo of uniqlink-jit -------------*- C++ -*-===//
//
// The pieces of `uniqlink-jit`, kept out of main so that main only parses
// options: the scenario (one module per child: an entry that calls a
// linkonce_odr helper with the same name and a different body), the child
// that compiles it into an on-disk cache, the loader that links a cache into
// one JIT and checks every entry, and the driver that runs all of it.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_TOOLS_JIT_DEMO_H
#define UNIQLINK_TOOLS_JIT_DEMO_H

#include "uniqlink/ORC/CreateLLJIT.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdint>
#include <string>
#include <vector>

namespace uniqlink {
namespace demo {

/// How the children compile and how the loader links.
enum class Config { Plain, Check, Unique };

llvm::StringRef configName(Config C);

//===-- Scenario ----------------------------------------------------------===//

/// The mangled name every child gives its helper: demo::helper(long).
inline constexpr llvm::StringLiteral HelperName = "_ZN4demo6helperEl";

/// The argument every entry is called with.
inline constexpr int64_t EntryArg = 10;

/// What child \p Index compiles.
struct Variant {
  unsigned Index = 0;
  std::string Module;   ///< Module id and cache file stem: entry_<i>.
  std::string Entry;    ///< The exported entry function: entry_<i>.
  std::string Body;     ///< Human-readable helper body, e.g. "factorial".
  std::string IR;       ///< The module, as textual IR.
  int64_t Expected = 0; ///< entry(EntryArg), computed without any JIT.
};

Variant makeVariant(unsigned Index);

//===-- Sidecar: what the compiling process knew
//---------------------------===//

/// Written next to each cached object (<obj>.expect), read by the loader.
struct Expectation {
  std::string Entry;
  int64_t Arg = 0;
  int64_t Expected = 0;
  std::string Helper; ///< The helper's symbol name in the object.
  std::string Body;
};

llvm::Error writeExpectation(llvm::StringRef Path, const Expectation &E);
llvm::Expected<Expectation> readExpectation(llvm::StringRef Path);

//===-- The child
//----------------------------------------------------------===//

/// Compiles variant \p Index with LLJIT (renaming first if \p C is Unique),
/// runs its entry once, and stores the object and its sidecar in \p CacheDir.
llvm::Error compileIntoCache(unsigned Index, Config C, LinkerKind Linker,
                             llvm::StringRef CacheDir);

//===-- The loader
//---------------------------------------------------------===//

struct LoadOptions {
  /// Object files and directories (every *.o inside, in name order).
  std::vector<std::string> Inputs;
  bool Check = false;
  LinkerKind Linker = LinkerKind::JITLink;
};

struct LoadSummary {
  unsigned Ok = 0, Wrong = 0, Rejected = 0, Linked = 0, Failed = 0;
};

/// Adds every input object to one LLJIT, then links each one by looking up
/// its entry (or, without a sidecar, its defined symbols), calls entries and
/// compares with the sidecar. Prints one table row per object to \p OS.
llvm::Expected<LoadSummary> loadObjects(const LoadOptions &Opts,
                                        llvm::raw_ostream &OS);

/// The loader's exit code: 0 all as expected, bit 0 a wrong result, bit 1 a
/// rejected object, bit 2 a failed link.
int loadExitCode(const LoadSummary &S);

//===-- The driver
//---------------------------------------------------------===//

struct DemoOptions {
  std::vector<Config> Configs;
  unsigned Processes = 3;
  LinkerKind Linker = LinkerKind::JITLink;
  std::string CacheDir; ///< Empty: a fresh temporary directory.
  bool KeepCache = false;
  std::string Self; ///< This executable, for the fresh loader process.
};

/// Runs every configuration: fork the children, then exec a fresh loader.
/// Returns 0 if every configuration behaved as it should (plain: wrong
/// results and no error; check: rejections and no wrong result; unique: all
/// correct), 1 otherwise.
llvm::Expected<int> runDemo(const DemoOptions &Opts, llvm::raw_ostream &OS);

//===-- Benchmark
//----------------------------------------------------------===//

/// Links \p Count objects into LLJIT with and without the checker and prints
/// the checker's share of the linking time.
llvm::Error runBenchmark(unsigned Count, LinkerKind Linker,
                         llvm::raw_ostream &OS);

} // namespace demo
} // namespace uniqlink

#endif // UNIQLINK_TOOLS_JIT_DEMO_H
