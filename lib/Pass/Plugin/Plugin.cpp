//===- Plugin.cpp - Pass-plugin entry point for unique-linkonce -----------===//
//
// Registers `unique-linkonce<...>` for `opt -passes=` and adds the pass at the
// OptimizerLast extension point, which every -O level (including -O0) runs,
// so `clang -fpass-plugin=` covers every definition the optimizer left.
//
// Under clang the parameters are cl::opts (-mllvm -unique-linkonce-mode=...).
// clang parses -mllvm before loading -fpass-plugin, so the plugin must also be
// named with -fplugin=<so> for the options to exist in time. The cl::opts are
// also the defaults of the `opt -passes=` form.
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Compat/Passes.h"
#include "uniqlink/Pass/OdrTable.h"
#include "uniqlink/Pass/UniqueLinkonce.h"
#include "uniqlink/Version.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
#include UNIQLINK_PASS_PLUGIN_HEADER
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace uniqlink;

static cl::opt<std::string>
    ModeOpt("unique-linkonce-mode",
            cl::desc("unique-linkonce: hash, uuid or hash+uuid"));
static cl::opt<std::string>
    UUIDOpt("unique-linkonce-uuid",
            cl::desc("unique-linkonce: fixed decimal uuid part"));
static cl::opt<std::string> LinkagesOpt(
    "unique-linkonce-linkages",
    cl::desc(
        "unique-linkonce: linkages to rename, e.g. linkonce_odr+weak_odr"));
static cl::opt<std::string>
    MapOpt("unique-linkonce-map",
           cl::desc("unique-linkonce: write the rename map as JSON here"));

static cl::opt<bool> MapMetadataOpt(
    "unique-linkonce-map-metadata",
    cl::desc("unique-linkonce: also record the rename map as the named "
             "metadata !uniqlink.renames"));

static cl::opt<bool> OdrTableOpt(
    "unique-linkonce-odr-table",
    cl::desc("unique-linkonce: record each weak definition's front-end IR "
             "hash in an ODR table section for uniqlink-check"));
static cl::opt<bool> DisableOpt(
    "unique-linkonce-disable",
    cl::desc("unique-linkonce: do not rename (e.g. to emit only the ODR "
             "table)"));

/// `opt -load-pass-plugin=<so> --version` names the plugin and the LLVM it
/// was built for (registered when the plugin is loaded, like the cl::opts).
static void printPluginVersion(raw_ostream &OS) {
  OS << "  UniqueLinkonce plugin " << UNIQLINK_VERSION_STRING << " (LLVM "
     << UNIQLINK_LLVM_VERSION_STRING << ")\n";
}
[[maybe_unused]] static const bool VersionPrinterAdded =
    (cl::AddExtraVersionPrinter(printPluginVersion), true);

/// The options given with -mllvm, in the pass-parameter syntax.
static Expected<UniqueLinkonceOptions> commandLineOptions() {
  std::string Params;
  auto Add = [&](StringRef Key, const std::string &Value) {
    if (!Value.empty())
      Params += (Key + "=" + Value + ";").str();
  };
  Add("mode", ModeOpt);
  Add("uuid", UUIDOpt);
  Add("linkages", LinkagesOpt);
  Add("map", MapOpt);
  if (MapMetadataOpt)
    Params += "map-metadata;";
  return parseUniqueLinkonceOptions(Params);
}

namespace {
/// Reports bad -mllvm options when the pipeline runs (an OptimizerLast
/// callback cannot fail).
struct ReportOptionErrorPass : PassInfoMixin<ReportOptionErrorPass> {
  explicit ReportOptionErrorPass(std::string Message)
      : Message(std::move(Message)) {}
  std::string Message;
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    M.getContext().emitError(Message);
    return PreservedAnalyses::all();
  }
  static bool isRequired() { return true; }
};
} // namespace

static void addPass(ModulePassManager &MPM) {
  if (DisableOpt)
    return;
  Expected<UniqueLinkonceOptions> Opts = commandLineOptions();
  if (!Opts)
    MPM.addPass(ReportOptionErrorPass(toString(Opts.takeError())));
  else
    MPM.addPass(UniqueLinkoncePass(std::move(*Opts)));
}

static bool parsePipelineElement(StringRef Name, ModulePassManager &MPM,
                                 ArrayRef<PassBuilder::PipelineElement>) {
  if (Name == "uniqlink-odr-hash") {
    MPM.addPass(OdrHashStashPass());
    return true;
  }
  if (Name == "uniqlink-odr-hash<on-copy>") {
    MPM.addPass(OdrHashStashPass(OdrHashing::OnCopy));
    return true;
  }
  if (Name == "uniqlink-odr-normalize") {
    MPM.addPass(OdrNormalizePass());
    return true;
  }
  if (Name == "uniqlink-odr-table") {
    MPM.addPass(OdrTablePass());
    return true;
  }
  if (!compat::isParametrizedPassName(Name, "unique-linkonce"))
    return false;
  Expected<UniqueLinkonceOptions> Defaults = commandLineOptions();
  if (!Defaults) {
    errs() << toString(Defaults.takeError()) << "\n";
    return false;
  }
  Expected<UniqueLinkonceOptions> Opts =
      compat::parsePassParameters<PassBuilder>(
          [&](StringRef Params) {
            return parseUniqueLinkonceOptions(Params, *Defaults);
          },
          Name, "unique-linkonce");
  if (!Opts) {
    // The pipeline parser only learns "not mine"; say why first.
    errs() << toString(Opts.takeError()) << "\n";
    return false;
  }
  MPM.addPass(UniqueLinkoncePass(std::move(*Opts)));
  return true;
}

static void registerCallbacks(PassBuilder &PB) {
  PB.registerPipelineParsingCallback(parsePipelineElement);
  // LLVM 22 also passes the LTO phase; the variadic lambda takes both forms.
  // The ODR table: front-end hashes first, the table (with the final names)
  // after the rename.
  PB.registerPipelineStartEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel, auto...) {
        if (OdrTableOpt)
          MPM.addPass(OdrHashStashPass());
      });
  PB.registerOptimizerLastEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel, auto...) {
        if (!OdrTableOpt)
          return addPass(MPM);
        auto State = std::make_shared<OdrHashes>();
        MPM.addPass(OdrCollectPass(State));
        addPass(MPM);
        MPM.addPass(OdrTablePass(State));
      });
  if (PassInstrumentationCallbacks *PIC =
          PB.getPassInstrumentationCallbacks()) {
    PIC->addClassToPassName(UniqueLinkoncePass::name(), "unique-linkonce");
    PIC->addClassToPassName(OdrHashStashPass::name(), "uniqlink-odr-hash");
    PIC->addClassToPassName(OdrTablePass::name(), "uniqlink-odr-table");
    PIC->addClassToPassName(OdrCollectPass::name(), "uniqlink-odr-collect");
    PIC->addClassToPassName(OdrNormalizePass::name(), "uniqlink-odr-normalize");
  }
}

#if UNIQLINK_HAS_PRE_CODEGEN_CALLBACK
/// Renames what was created after OptimizerLast (the pass is idempotent, so
/// what it already renamed stays as it is). Never takes over code generation.
static bool preCodeGen(Module &M, TargetMachine &, CodeGenFileType,
                       raw_pwrite_stream &) {
  Expected<UniqueLinkonceOptions> Opts = commandLineOptions();
  if (!Opts) {
    M.getContext().emitError(toString(Opts.takeError()));
    return false;
  }
  if (!DisableOpt)
    if (Expected<RenameResult> R = renameLinkonceDefinitions(M, *Opts); !R)
      M.getContext().emitError(toString(R.takeError()));
  // Definitions created after OptimizerLast are not in the ODR table (the
  // checker judges them by bytes).
  return false;
}
#endif

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  PassPluginLibraryInfo Info{LLVM_PLUGIN_API_VERSION, "UniqueLinkonce",
                             UNIQLINK_VERSION_STRING
                             " (LLVM " UNIQLINK_LLVM_VERSION_STRING ")",
                             registerCallbacks};
#if UNIQLINK_HAS_PRE_CODEGEN_CALLBACK
  Info.PreCodeGenCallback = preCodeGen;
#endif
  return Info;
}
