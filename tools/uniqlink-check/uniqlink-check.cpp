//===- uniqlink-check.cpp - Refuse objects whose symbols collide ---------===//
//
// uniqlink-check [options] FILE...
// uniqlink-check --explain SYMBOL FILE...
//
// Admits the given objects (files, archive members, objects carved out of
// cache files, everything under directories) in order into one registry,
// exactly as a JIT would load them, and reports each as accepted or
// rejected. Exit 0: all accepted; 1: something was rejected; 2: some input
// could not be read. The work is done by uniqlink::runAudit (lib/Check).
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Check/Audit.h"
#include "uniqlink/Version.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"
#include <map>

using namespace llvm;
using namespace uniqlink;

static cl::OptionCategory Category("uniqlink-check options");

static cl::list<std::string> Inputs(cl::Positional, cl::OneOrMore,
                                    cl::desc("<file or directory>..."),
                                    cl::cat(Category));

static cl::list<std::string>
    Unload("unload",
           cl::desc("Unload the objects loaded from <path> (an object, an "
                    "archive or a directory) at this point of the sequence"),
           cl::value_desc("path"), cl::cat(Category));

enum class OutputFormat { Text, JSON };
static cl::opt<OutputFormat> Format(
    "format", cl::desc("Output format"),
    cl::values(clEnumValN(OutputFormat::Text, "text", "readable text"),
               clEnumValN(OutputFormat::JSON, "json", "one JSON document")),
    cl::init(OutputFormat::Text), cl::cat(Category));

static cl::opt<bool> All("all",
                         cl::desc("Report every colliding symbol of a "
                                  "rejected object, not only the first"),
                         cl::cat(Category));

static cl::opt<bool> Carve("carve",
                           cl::desc("Find objects embedded in other files "
                                    "(e.g. numba .nbc cache files)"),
                           cl::cat(Category));

static cl::opt<CommonPolicy> Common(
    "common", cl::desc("What to do when COMMON symbols disagree"),
    cl::values(clEnumValN(CommonPolicy::Accept, "accept", "accept silently"),
               clEnumValN(CommonPolicy::Warn, "warn", "accept with a warning"),
               clEnumValN(CommonPolicy::Reject, "reject", "reject the object")),
    cl::init(CommonPolicy::Warn), cl::cat(Category));

static cl::opt<bool>
    Verbose("v", cl::desc("Print symbol counts of accepted objects"),
            cl::cat(Category));

static cl::opt<bool> Quiet("quiet",
                           cl::desc("Print only rejected objects, errors and "
                                    "the summary"),
                           cl::cat(Category));
static cl::alias QuietShort("q", cl::desc("Alias for --quiet"),
                            cl::aliasopt(Quiet), cl::cat(Category));

static cl::opt<bool>
    DumpFingerprints("dump-fingerprints",
                     cl::desc("Include every symbol's fingerprint in the "
                              "JSON output"),
                     cl::cat(Category));

static cl::opt<std::string>
    Explain("explain",
            cl::desc("Admit nothing; print for each object the evidence "
                     "about SYMBOL (ODR table hash, fingerprint, size)"),
            cl::value_desc("SYMBOL"), cl::cat(Category));

static void printVersion(raw_ostream &OS) {
  OS << "uniqlink-check " << UNIQLINK_VERSION_STRING << " (LLVM "
     << UNIQLINK_LLVM_VERSION_STRING << ")\n";
}

int main(int argc, char **argv) {
  InitLLVM X(argc, argv);
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter(printVersion);
  cl::ParseCommandLineOptions(
      argc, argv,
      "uniqlink-check: refuse objects whose symbols collide with different "
      "bodies\n\n"
      "Loads FILEs in order into one registry, as a JIT would, and reports "
      "each object as accepted or rejected.\nExit status: 0 all accepted, "
      "1 some rejected, 2 unreadable input.\n");

  // Loads and unloads, in command-line order.
  std::map<unsigned, AuditStep> Ordered;
  for (unsigned I = 0; I < Inputs.size(); ++I)
    Ordered[Inputs.getPosition(I)] = {AuditStep::Load, Inputs[I]};
  for (unsigned I = 0; I < Unload.size(); ++I)
    Ordered[Unload.getPosition(I)] = {AuditStep::Unload, Unload[I]};
  std::vector<AuditStep> Steps;
  for (auto &KV : Ordered)
    Steps.push_back(KV.second);

  AuditOptions Options;
  Options.Registry.Common = Common;
  Options.Registry.ReportAll = All;
  Options.Carve = Carve;
  Options.JSON = Format == OutputFormat::JSON;
  Options.Verbose = Verbose;
  Options.Quiet = Quiet;
  Options.DumpFingerprints = DumpFingerprints;
  Options.Explain = Explain;
  return runAudit(Steps, Options, outs()).exitCode();
}
