//===- JitBench.cpp - LLJIT: plain add vs rename-then-add -----------------===//
//
// jit/add-ir/<how>: adds N small IR modules to a fresh LLJIT and looks up
// every entry (which compiles and links them). Each module has an entry, its
// own linkonce_odr helper and a linkonce_odr helper shared by all modules.
// "plain" is addIRModule; "rename-<mode>" is addIRModuleUnique. Module
// parsing and JIT construction are not timed. The object-level checker in
// LLJIT is measured by `uniqlink-jit --bench` (tools/uniqlink-jit).
//
//===----------------------------------------------------------------------===//
#include "Bench.h"
#include "BenchModule.h"

#include "uniqlink/Compat/IR.h"
#include "uniqlink/ORC/CreateLLJIT.h"
#include "uniqlink/ORC/RenameThenAdd.h"

#include "llvm/AsmParser/Parser.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <optional>

using namespace llvm;
using namespace llvm::orc;

namespace uniqlink {
namespace bench {

namespace {

double minOf(const std::vector<double> &V) {
  return *std::min_element(V.begin(), V.end());
}

/// One timed round; \p Rename is empty for a plain add.
Error addAll(benchmark::State &S, unsigned N,
             std::optional<RenameMode> Rename) {
  S.PauseTiming();
  auto J = createLLJIT(JITConfig());
  if (!J)
    return J.takeError();
  std::vector<ThreadSafeModule> Modules;
  for (unsigned I = 0; I < N; ++I) {
    auto Ctx = std::make_unique<LLVMContext>();
    compat::useOpaquePointers(*Ctx);
    SMDiagnostic Diag;
    auto M = parseAssemblyString(benchModuleIR(I), Diag, *Ctx);
    if (!M)
      return createStringError(inconvertibleErrorCode(), "bad bench IR");
    Modules.emplace_back(std::move(M), std::move(Ctx));
  }
  S.ResumeTiming();

  JITDylib &JD = (*J)->getMainJITDylib();
  for (ThreadSafeModule &TSM : Modules) {
    if (!Rename) {
      if (Error E = (*J)->addIRModule(JD, std::move(TSM)))
        return E;
      continue;
    }
    UniqueLinkonceOptions Opts;
    Opts.Mode = *Rename;
    auto Map = addIRModuleUnique(**J, JD, std::move(TSM), Opts);
    if (!Map)
      return Map.takeError();
  }
  for (unsigned I = 0; I < N; ++I)
    if (auto Addr = (*J)->lookup("entry_" + std::to_string(I)); !Addr)
      return Addr.takeError();

  S.PauseTiming();
  J->reset();
  S.ResumeTiming();
  return Error::success();
}

} // namespace

void registerJitBenchmarks(unsigned N) {
  InitializeNativeTarget();
  InitializeNativeTargetAsmPrinter();
  struct How {
    const char *Name;
    std::optional<RenameMode> Rename;
  };
  for (How H :
       {How{"plain", std::nullopt}, How{"rename-hash", RenameMode::Hash},
        How{"rename-hash+uuid", RenameMode::HashAndUUID}}) {
    benchmark::RegisterBenchmark(
        ("jit/add-ir/" + std::string(H.Name) + "/" + std::to_string(N)).c_str(),
        [=](benchmark::State &S) {
          for (auto _ : S)
            if (Error E = addAll(S, N, H.Rename)) {
              S.SkipWithError(toString(std::move(E)).c_str());
              break;
            }
          S.counters["modules"] = N;
        })
        ->Unit(benchmark::kMillisecond)
        ->Iterations(1)
        ->UseRealTime()
        ->ComputeStatistics("min", minOf);
  }
}

} // namespace bench
} // namespace uniqlink
