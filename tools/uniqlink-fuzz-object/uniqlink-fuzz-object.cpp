//===- uniqlink-fuzz-object.cpp - Fuzz fingerprints, carving, admission ---===//
//
// Treats arbitrary bytes the way uniqlink-check does: as an object file, as
// a static archive (each member), and as a cache file with embedded objects
// (carving). Malformed input must come back as an llvm::Error; nothing may
// crash, hang or touch memory it does not own. Whatever fingerprints must
// also behave in a registry: fingerprinting is deterministic, an object is
// admitted into an empty registry, a second copy is admitted as duplicates
// only, and removing both leaves the registry empty.
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Check/ArchiveWalk.h"
#include "uniqlink/Check/Carve.h"
#include "uniqlink/Check/Fingerprint.h"
#include "uniqlink/Check/Registry.h"
#include "uniqlink/Compat/Support.h"
#include "llvm/Support/Error.h"
#include <cstdlib>

using namespace llvm;
using namespace uniqlink;

static void check(bool Cond) {
  if (!Cond)
    abort();
}

/// Fingerprints \p Buffer and, if it is a valid object, checks the
/// registry properties above.
static void fingerprintAndAdmit(MemoryBufferRef Buffer) {
  Expected<ObjectFingerprint> FP = fingerprintObjectBuffer(Buffer, "fuzz.o");
  if (!FP) {
    std::string Msg = toString(FP.takeError());
    check(compat::startsWith(Msg, "fuzz.o"));
    return;
  }
  Expected<ObjectFingerprint> Again = fingerprintObjectBuffer(Buffer, "fuzz.o");
  check(bool(Again) && Again->Symbols.size() == FP->Symbols.size());
  for (size_t I = 0; I < FP->Symbols.size(); ++I) {
    const SymbolFingerprint &S = FP->Symbols[I];
    check(S.Hash == Again->Symbols[I].Hash && S.Name == Again->Symbols[I].Name);
    check(firstDifference(S, S).What == Difference::None);
    (void)firstDifference(S, FP->Symbols[(I + 1) % FP->Symbols.size()])
        .describe();
  }

  Registry R;
  Expected<AdmitResult> First = R.admit(*FP);
  check(bool(First) && First->NewSymbols == FP->Symbols.size());
  Expected<AdmitResult> Second = R.admit(std::move(*Again));
  check(bool(Second) && Second->NewSymbols == 0 &&
        Second->DuplicateSymbols == FP->Symbols.size());
  check(R.remove(First->Handle) && R.remove(Second->Handle));
  check(R.numSymbols() == 0 && R.numObjects() == 0);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  MemoryBufferRef Buffer(StringRef(reinterpret_cast<const char *>(Data), Size),
                         "fuzz.o");
  fingerprintAndAdmit(Buffer);

  // As uniqlink-check (ArchiveWalk.h): unreadable members, and members
  // past the end, are refused.
  consumeError(
      walkArchive(Buffer, "fuzz.a", [](const ArchiveMember &M, Error E) {
        if (E)
          consumeError(std::move(E));
        else
          fingerprintAndAdmit(M.Buffer);
        return true;
      }));

  for (const CarvedObject &C : carveObjects(Buffer)) {
    check(C.Offset < Size && C.Buffer.getBufferSize() <= Size - C.Offset);
    fingerprintAndAdmit(C.Buffer);
  }
  return 0;
}
