//===- uniqlink-fuzz-params.cpp - Fuzz the unique-linkonce parameters -----===//
//
// Feeds arbitrary text to parseUniqueLinkonceOptions, the parser behind both
// `-passes=unique-linkonce<...>` and the plugin's -mllvm options. It must
// never crash; whatever it accepts must print back to parameters that parse
// to the same options (the printer is what the pipeline printer shows).
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Pass/UniqueLinkonce.h"
#include "llvm/Support/Error.h"
#include <cstdlib>

using namespace llvm;
using namespace uniqlink;

static bool sameOptions(const UniqueLinkonceOptions &A,
                        const UniqueLinkonceOptions &B) {
  return A.Mode == B.Mode && A.UUID == B.UUID && A.Linkages == B.Linkages &&
         A.MapFile == B.MapFile;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  StringRef Params(reinterpret_cast<const char *>(Data), Size);
  Expected<UniqueLinkonceOptions> Opts = parseUniqueLinkonceOptions(Params);
  if (!Opts) {
    // Every error is a message, never an empty one.
    if (toString(Opts.takeError()).empty())
      abort();
    return 0;
  }
  if (Opts->Linkages == 0)
    abort();
  std::string Printed = printUniqueLinkonceOptions(*Opts);
  Expected<UniqueLinkonceOptions> Again = parseUniqueLinkonceOptions(Printed);
  if (!Again || !sameOptions(*Opts, *Again) ||
      printUniqueLinkonceOptions(*Again) != Printed)
    abort();
  return 0;
}
