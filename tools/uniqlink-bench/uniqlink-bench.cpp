//===- uniqlink-bench.cpp - What uniqueness costs, measured one way -------===//
//
// A Google Benchmark binary. Groups are selected by their input options:
//
//   --input=big.bc [--o2]       pass vs read/write/verify/structural hash/-O2
//   --scale=N                   unique-linkonce on a generated module of N
//                               linkonce_odr functions (ns/function, memory)
//   --archives=a.a,b.a          checker: fingerprint+admit, registry memory
//   --jit=N                     LLJIT: plain add vs rename-then-add
//   --emit-module=N -o out.bc   write the generated module and exit
//
// Google Benchmark's own flags (--benchmark_repetitions,
// --benchmark_enable_random_interleaving, --benchmark_format=json, ...) are
// accepted too; utils/bench.sh runs the groups and tables the results.
//
//===----------------------------------------------------------------------===//
#include "Bench.h"
#include "GenModule.h"

#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <benchmark/benchmark.h>

using namespace llvm;
using namespace uniqlink::bench;

static cl::OptionCategory Cat("uniqlink-bench options");
static cl::opt<std::string> Input("input",
                                  cl::desc("Bitcode for the pipeline "
                                           "benchmarks"),
                                  cl::value_desc("file.bc"), cl::cat(Cat));
static cl::opt<bool> WithO2("o2", cl::desc("Include -O2 in the pipeline group"),
                            cl::cat(Cat));
static cl::opt<unsigned> Scale("scale",
                               cl::desc("Scaling: functions in the generated "
                                        "module"),
                               cl::init(0), cl::cat(Cat));
static cl::list<std::string>
    Archives("archives", cl::desc("Checker: archives or objects to admit"),
             cl::CommaSeparated, cl::cat(Cat));
static cl::opt<unsigned> Jit("jit", cl::desc("JIT: modules to add"),
                             cl::init(0), cl::cat(Cat));
static cl::opt<unsigned>
    EmitModule("emit-module",
               cl::desc("Write a generated module of N functions and exit"),
               cl::init(0), cl::cat(Cat));
static cl::opt<std::string> Output("o", cl::desc("Output for --emit-module"),
                                   cl::init("-"), cl::cat(Cat));

static int emitModule() {
  LLVMContext Ctx;
  auto M = generateModule(Ctx, EmitModule);
  std::error_code EC;
  raw_fd_ostream OS(Output, EC);
  if (EC) {
    errs() << "uniqlink-bench: " << Output << ": " << EC.message() << "\n";
    return 1;
  }
  WriteBitcodeToFile(*M, OS);
  return 0;
}

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  benchmark::Initialize(&argc, argv);
  cl::HideUnrelatedOptions(Cat);
  cl::ParseCommandLineOptions(argc, argv, "uniqlink benchmarks\n");
  if (EmitModule)
    return emitModule();

  auto Fail = [](Error E) {
    errs() << "uniqlink-bench: " << toString(std::move(E)) << "\n";
    return 2;
  };
  if (!Input.empty())
    if (Error E = registerPipelineBenchmarks(Input, WithO2))
      return Fail(std::move(E));
  if (Scale)
    registerScalingBenchmarks(Scale);
  if (!Archives.empty())
    if (Error E = registerCheckBenchmarks(
            std::vector<std::string>(Archives.begin(), Archives.end())))
      return Fail(std::move(E));
  if (Jit)
    registerJitBenchmarks(Jit);
  if (Input.empty() && !Scale && Archives.empty() && !Jit) {
    errs() << "uniqlink-bench: nothing to run (give --input, --scale, "
              "--archives or --jit; see --help)\n";
    return 2;
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
