//===- PipelineBench.cpp - unique-linkonce next to the pipelines it rides in
//==//
//
// Each case times one thing on the same module, so their ratios say what the
// pass costs relative to what a compiler does anyway:
//
//   read                      parse the bitcode
//   write                     write it back (to memory)
//   verify                    the IR verifier
//   structural-hash           what print<structural-hash><detailed> computes
//                             (module hash + each function's detailed hash)
//   print<structural-hash><detailed>
//                             that printer pass itself, to a null stream
//   unique-linkonce/<mode>    renameLinkonceDefinitions, without a result
//                             (as the pass runs it)
//   odr-hash                  uniqlink-odr-hash: the ODR hashes of every
//                             weak definition, stashed as metadata
//   odr-hash<on-copy>         the same hashes on a normalized module copy
//                             (how they were computed before OdrView)
//   odr-table                 the ODR table's whole cost in clang's
//                             pipeline: stash, collect, emit the table
//   O2                        the -O2 module pipeline (as opt -O2 builds it)
//   after-O2/unique-linkonce/<mode>
//                             the pass where clang runs it: at OptimizerLast,
//                             on the -O2 output (computed once, untimed)
//   after-O2/print<structural-hash><detailed>
//                             the printer on that same -O2 output
//
// Cases that change the module run on a fresh copy (CloneModule, untimed).
// The scaling cases run unique-linkonce on generated modules and report the
// peak memory above the module itself; in hash mode they also time the
// structural-hash printer on the same module (counter structural_hash_ms),
// a baseline for how a plain walk over the IR scales on the machine.
//
//===----------------------------------------------------------------------===//
#include "Bench.h"
#include "GenModule.h"

#include "uniqlink/Format/SymbolName.h"
#include "uniqlink/Pass/OdrTable.h"
#include "uniqlink/Pass/UniqueLinkonce.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Analysis/StructuralHash.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/StructuralHash.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Transforms/Utils/Cloning.h"

#include <benchmark/benchmark.h>

#include <ctime>
#include <optional>

using namespace llvm;

namespace uniqlink {
namespace bench {

namespace {

struct Mode {
  const char *Name;
  RenameMode Value;
};
constexpr Mode Modes[] = {{"hash", RenameMode::Hash},
                          {"uuid", RenameMode::UUID},
                          {"hash+uuid", RenameMode::HashAndUUID}};

/// The module every pipeline case starts from; lives as long as the process.
struct Input {
  LLVMContext Ctx;
  std::unique_ptr<MemoryBuffer> Bitcode;
  std::unique_ptr<Module> M;
  /// M after -O2, for the pass at its place in clang's pipeline.
  std::unique_ptr<Module> Optimized;
  std::unique_ptr<TargetMachine> TM;
};

Input *TheInput = nullptr;

double minOf(const std::vector<double> &V) {
  return *std::min_element(V.begin(), V.end());
}

benchmark::internal::Benchmark *setUp(benchmark::internal::Benchmark *B) {
  return B->Unit(benchmark::kMillisecond)
      ->Iterations(1)
      ->ComputeStatistics("min", minOf);
}

/// Runs \p Body on a fresh copy of \p Of; only Body is timed.
template <typename Fn>
void onCopy(benchmark::State &State, Fn Body, const Module &Of) {
  for (auto _ : State) {
    State.PauseTiming();
    std::unique_ptr<Module> Copy = CloneModule(Of);
    State.ResumeTiming();
    Body(*Copy);
    State.PauseTiming();
    Copy.reset();
    State.ResumeTiming();
  }
}

void renameOrFail(benchmark::State &State, Module &M, RenameMode Mode) {
  UniqueLinkonceOptions Opts;
  Opts.Mode = Mode;
  // As the pass calls it: no RenameResult.
  Expected<size_t> NumRenamed =
      renameLinkonceDefinitions(M, Opts, /*Result=*/nullptr);
  if (!NumRenamed) {
    State.SkipWithError(toString(NumRenamed.takeError()).c_str());
    return;
  }
  State.counters["renamed"] = *NumRenamed;
}

void runO2(Module &M, TargetMachine *TM) {
  LoopAnalysisManager LAM;
  FunctionAnalysisManager FAM;
  CGSCCAnalysisManager CGAM;
  ModuleAnalysisManager MAM;
  PassBuilder PB(TM);
  PB.registerModuleAnalyses(MAM);
  PB.registerCGSCCAnalyses(CGAM);
  PB.registerFunctionAnalyses(FAM);
  PB.registerLoopAnalyses(LAM);
  PB.crossRegisterProxies(LAM, FAM, CGAM, MAM);
  ModulePassManager MPM =
      PB.buildPerModuleDefaultPipeline(OptimizationLevel::O2);
  MPM.run(M, MAM);
}

/// print<structural-hash><detailed>, printing to a null stream.
void printStructuralHash(Module &M) {
  ModuleAnalysisManager MAM;
  raw_null_ostream Null;
  StructuralHashPrinterPass(Null, /*Detailed=*/true).run(M, MAM);
}

/// What LLVM itself does for any renaming of the functions the pass renamed
/// in \p M, whatever the names: a new name in the symbol table and a new
/// comdat for each (the pass's setName and comdat steps with the names
/// given). Each new name is the pass's with its tag changed: as long, as
/// unique. Returns how many functions it renamed.
size_t renameFloor(Module &M) {
  size_t N = 0;
  SmallString<128> Name;
  for (Function &F : M) {
    std::optional<UniqueNameParts> Parts = splitUniqueName(F.getName());
    if (!Parts || !F.hasComdat())
      continue;
    Name = Parts->Original;
    Name += ".__fl.";
    Name += Parts->Suffix;
    F.setName(Name);
    Comdat *C = M.getOrInsertComdat(Name);
    C->setSelectionKind(F.getComdat()->getSelectionKind());
    F.setComdat(C);
    ++N;
  }
  return N;
}

/// CPU time of the calling thread, as Google Benchmark measures it.
double threadCPUSeconds() {
  timespec T;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &T);
  return T.tv_sec + T.tv_nsec * 1e-9;
}

/// As opt does: a TargetMachine for the module's triple, if the target is
/// built in (TTI changes what -O2 does).
std::unique_ptr<TargetMachine> targetMachineFor(const Module &M) {
  InitializeAllTargetInfos();
  InitializeAllTargets();
  InitializeAllTargetMCs();
  std::string Err;
  std::string Triple = M.getTargetTriple();
  const Target *T = TargetRegistry::lookupTarget(Triple, Err);
  if (!T)
    return nullptr;
  return std::unique_ptr<TargetMachine>(
      T->createTargetMachine(Triple, "", "", TargetOptions(), std::nullopt));
}

} // namespace

Error registerPipelineBenchmarks(const std::string &Path, bool WithO2) {
  auto *In = new Input;
  TheInput = In;
  auto Buf = MemoryBuffer::getFile(Path);
  if (!Buf)
    return createFileError(Path, Buf.getError());
  In->Bitcode = std::move(*Buf);
  auto M = parseBitcodeFile(In->Bitcode->getMemBufferRef(), In->Ctx);
  if (!M)
    return createFileError(Path, M.takeError());
  In->M = std::move(*M);
  In->TM = targetMachineFor(*In->M);

  size_t NumLinkonce = 0;
  for (const Function &F : *In->M)
    NumLinkonce += !F.isDeclaration() && F.hasLinkOnceODRLinkage();
  auto Label = [=](benchmark::State &State) {
    State.counters["linkonce_odr_functions"] = NumLinkonce;
  };

  setUp(benchmark::RegisterBenchmark("pipeline/read", [=](benchmark::State &S) {
    Label(S);
    for (auto _ : S) {
      S.PauseTiming();
      auto Ctx = std::make_unique<LLVMContext>();
      S.ResumeTiming();
      auto R = parseBitcodeFile(In->Bitcode->getMemBufferRef(), *Ctx);
      if (!R) {
        S.SkipWithError(toString(R.takeError()).c_str());
        return;
      }
      S.PauseTiming();
      R->reset();
      Ctx.reset();
      S.ResumeTiming();
    }
  }));
  setUp(
      benchmark::RegisterBenchmark("pipeline/write", [=](benchmark::State &S) {
        Label(S);
        SmallVector<char, 0> Out;
        Out.reserve(In->Bitcode->getBufferSize() * 2);
        for (auto _ : S) {
          Out.clear();
          raw_svector_ostream OS(Out);
          WriteBitcodeToFile(*In->M, OS);
          benchmark::DoNotOptimize(Out.data());
        }
      }));
  setUp(
      benchmark::RegisterBenchmark("pipeline/verify", [=](benchmark::State &S) {
        Label(S);
        for (auto _ : S)
          benchmark::DoNotOptimize(verifyModule(*In->M, &errs()));
      }));
  setUp(benchmark::RegisterBenchmark(
      "pipeline/structural-hash", [=](benchmark::State &S) {
        Label(S);
        for (auto _ : S) {
          // StructuralHashPrinterPass<detailed>, minus the printing.
          benchmark::DoNotOptimize(StructuralHash(*In->M, true));
          for (const Function &F : *In->M)
            if (!F.isDeclaration())
              benchmark::DoNotOptimize(StructuralHash(F, true));
        }
      }));
  // The pass against its baseline, the structural-hash printer, on one
  // module: the front end's output, then (with -O2) the optimized module.
  auto HashAndRename = [&](const std::string &Prefix, Module *M) {
    setUp(benchmark::RegisterBenchmark(
        (Prefix + "print<structural-hash><detailed>").c_str(),
        [=](benchmark::State &S) {
          Label(S);
          for (auto _ : S)
            printStructuralHash(*M);
        }));
    for (const Mode &Md : Modes) {
      RenameMode Value = Md.Value;
      setUp(benchmark::RegisterBenchmark(
          (Prefix + "unique-linkonce/" + Md.Name).c_str(),
          [=](benchmark::State &S) {
            Label(S);
            onCopy(
                S, [&](Module &Copy) { renameOrFail(S, Copy, Value); }, *M);
          }));
    }
  };
  HashAndRename("pipeline/", In->M.get());
  for (const auto &Case :
       {std::pair("odr-hash", OdrHashing::InPlace),
        std::pair("odr-hash<on-copy>", OdrHashing::OnCopy)}) {
    OdrHashing How = Case.second;
    setUp(benchmark::RegisterBenchmark(
        (std::string("pipeline/") + Case.first).c_str(),
        [=](benchmark::State &S) {
          Label(S);
          onCopy(
              S,
              [&](Module &Copy) {
                S.counters["hashed"] = stashOdrHashes(Copy, How);
              },
              *In->M);
        }));
  }
  setUp(benchmark::RegisterBenchmark(
      "pipeline/odr-table", [=](benchmark::State &S) {
        Label(S);
        onCopy(
            S,
            [&](Module &Copy) {
              stashOdrHashes(Copy);
              S.counters["hashed"] = emitOdrTable(Copy).size();
            },
            *In->M);
      }));
  if (!WithO2)
    return Error::success();
  In->Optimized = CloneModule(*In->M);
  runO2(*In->Optimized, In->TM.get());
  HashAndRename("pipeline/after-O2/", In->Optimized.get());
  setUp(benchmark::RegisterBenchmark("pipeline/O2", [=](benchmark::State &S) {
    Label(S);
    onCopy(
        S, [&](Module &Copy) { runO2(Copy, In->TM.get()); }, *In->M);
  }));
  return Error::success();
}

void registerScalingBenchmarks(unsigned NumFunctions) {
  for (const Mode &Md : Modes) {
    RenameMode Value = Md.Value;
    setUp(benchmark::RegisterBenchmark(
        ("scale/unique-linkonce/" + std::string(Md.Name) + "/" +
         std::to_string(NumFunctions))
            .c_str(),
        [=](benchmark::State &S) {
          for (auto _ : S) {
            S.PauseTiming();
            resetPeakMemory();
            int64_t Before = memoryUsage().RSS;
            auto Ctx = std::make_unique<LLVMContext>();
            std::unique_ptr<Module> M = generateModule(*Ctx, NumFunctions);
            if (Value == RenameMode::Hash) {
              double Start = threadCPUSeconds();
              printStructuralHash(*M);
              S.counters["structural_hash_ms"] =
                  (threadCPUSeconds() - Start) * 1e3;
            }
            resetPeakMemory();
            MemoryUsage AtStart = memoryUsage();
            S.ResumeTiming();
            renameOrFail(S, *M, Value);
            S.PauseTiming();
            MemoryUsage AtEnd = memoryUsage();
            if (Value == RenameMode::Hash) {
              // On the renamed module: names of the length the pass gives.
              double Start = threadCPUSeconds();
              size_t Renamed = renameFloor(*M);
              S.counters["llvm_rename_floor_ms"] =
                  (threadCPUSeconds() - Start) * 1e3;
              if (Renamed != NumFunctions)
                S.SkipWithError("the LLVM rename floor missed functions");
            }
            S.counters["functions"] = NumFunctions;
            S.counters["module_MB"] = (int64_t(AtStart.RSS) - Before) / 1e6;
            S.counters["pass_peak_MB"] =
                (std::max(AtEnd.Peak, AtStart.RSS) - AtStart.RSS) / 1e6;
            M.reset();
            Ctx.reset();
            S.ResumeTiming();
          }
        }));
  }
}

} // namespace bench
} // namespace uniqlink
