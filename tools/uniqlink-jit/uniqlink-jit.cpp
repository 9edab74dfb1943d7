//===- uniqlink-jit.cpp - The fork-cache demo and object loader -----------===//
//
// The README's first command. With no inputs: reproduce the cache-collision
// bug (plain), its detection (check) and its cure (unique) with forked
// children and an on-disk cache. With --load: link the given objects or
// cache directories into one LLJIT, optionally checked, and call the entries
// their sidecars name. All logic lives in Demo.h's functions.
//
//===----------------------------------------------------------------------===//

#include "Demo.h"
#include "uniqlink/Version.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;
using namespace uniqlink;
using namespace uniqlink::demo;

static cl::OptionCategory Cat("uniqlink-jit options");

static cl::opt<std::string>
    Configs("config",
            cl::desc("Configurations to run, comma-separated: plain, check, "
                     "unique, or all"),
            cl::init("all"), cl::cat(Cat));
static cl::opt<unsigned> Processes("n", cl::desc("Number of forked processes"),
                                   cl::init(3), cl::cat(Cat));
static cl::alias ProcessesA("processes", cl::aliasopt(Processes));
static cl::opt<std::string>
    CacheDir("cache-dir",
             cl::desc("Cache directory (default: a temporary one, removed)"),
             cl::cat(Cat));
static cl::opt<bool> KeepCache("keep-cache",
                               cl::desc("Keep the temporary cache directory"),
                               cl::cat(Cat));
static cl::opt<LinkerKind>
    Linker("linker", cl::desc("JIT linker"), cl::init(LinkerKind::JITLink),
           cl::values(clEnumValN(LinkerKind::JITLink, "jitlink", "JITLink"),
                      clEnumValN(LinkerKind::RTDyld, "rtdyld", "RuntimeDyld")),
           cl::cat(Cat));
static cl::opt<bool>
    Load("load", cl::desc("Load the given object files / cache directories"),
         cl::cat(Cat));
static cl::opt<bool> Check("check",
                           cl::desc("With --load: check objects before "
                                    "linking them"),
                           cl::cat(Cat));
static cl::list<std::string>
    Inputs(cl::Positional, cl::desc("<object or directory>..."), cl::cat(Cat));
static cl::opt<std::string> SummaryFile("loader-summary-file", cl::Hidden,
                                        cl::desc("Write load counts here"),
                                        cl::cat(Cat));
static cl::opt<unsigned>
    Bench("bench", cl::desc("Benchmark the checker over this many objects"),
          cl::init(0), cl::cat(Cat));

static int fail(Error Err) {
  WithColor::error(errs(), "uniqlink-jit") << toString(std::move(Err)) << "\n";
  return 4;
}

static Expected<std::vector<Config>> parseConfigs(StringRef Spec) {
  std::vector<Config> Out;
  SmallVector<StringRef, 4> Parts;
  Spec.split(Parts, ',', -1, false);
  for (StringRef P : Parts) {
    P = P.trim();
    if (P == "all") {
      Out.insert(Out.end(), {Config::Plain, Config::Check, Config::Unique});
    } else if (P == "plain") {
      Out.push_back(Config::Plain);
    } else if (P == "check") {
      Out.push_back(Config::Check);
    } else if (P == "unique") {
      Out.push_back(Config::Unique);
    } else {
      return createStringError(inconvertibleErrorCode(),
                               "unknown configuration '" + P +
                                   "' (plain, check, unique, all)");
    }
  }
  if (Out.empty())
    return createStringError(inconvertibleErrorCode(), "no configuration");
  return Out;
}

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  InitializeNativeTarget();
  InitializeNativeTargetAsmPrinter();
  InitializeNativeTargetAsmParser();
  cl::HideUnrelatedOptions(Cat);
  cl::SetVersionPrinter([](raw_ostream &OS) {
    OS << "uniqlink-jit " << UNIQLINK_VERSION_STRING << " (LLVM "
       << UNIQLINK_LLVM_VERSION_STRING << ")\n";
  });
  cl::ParseCommandLineOptions(
      argc, argv,
      "uniqlink-jit: the fork/on-disk-cache linkonce_odr collision, "
      "reproduced, detected and cured\n");

  if (Bench) {
    if (Error Err = runBenchmark(Bench, Linker, outs()))
      return fail(std::move(Err));
    return 0;
  }

  if (Load || !Inputs.empty()) {
    if (Inputs.empty())
      return fail(createStringError(inconvertibleErrorCode(),
                                    "--load needs objects or directories"));
    LoadOptions LO{std::vector<std::string>(Inputs.begin(), Inputs.end()),
                   Check, Linker};
    auto S = loadObjects(LO, outs());
    if (!S)
      return fail(S.takeError());
    if (!SummaryFile.empty()) {
      std::error_code EC;
      raw_fd_ostream SF(SummaryFile, EC);
      if (EC)
        return fail(
            createStringError(EC, "cannot write '" + SummaryFile + "'"));
      SF << S->Ok << " " << S->Wrong << " " << S->Rejected << " " << S->Linked
         << " " << S->Failed << "\n";
    }
    return loadExitCode(*S);
  }

  auto Cs = parseConfigs(Configs);
  if (!Cs)
    return fail(Cs.takeError());
  DemoOptions DO;
  DO.Configs = std::move(*Cs);
  DO.Processes = Processes;
  DO.Linker = Linker;
  DO.CacheDir = CacheDir;
  DO.KeepCache = KeepCache;
  DO.Self = sys::fs::getMainExecutable(argv[0], (void *)&fail);
  auto RC = runDemo(DO, outs());
  if (!RC)
    return fail(RC.takeError());
  return *RC;
}
