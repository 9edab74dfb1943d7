//===- Audit.cpp - Check files the way a JIT would load them -------------===//
//
// Admission: one registry, each object fingerprinted and admitted in order,
// each outcome handed to the report (AuditReport.h). The objects come from
// AuditInputs.cpp. Nothing here exits or aborts: every problem with an
// input becomes an "error" outcome for that input and exit code 2.
//
// Objects are fingerprinted digest-only and the registry keeps no detail
// (the fast path). When an object is refused, both it and each loaded
// object it collides with are read again and fingerprinted in full, so the
// report still names the first differing byte or relocation.
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Check/Audit.h"
#include "Auditor.h"
#include "uniqlink/Check/Diagnostics.h"
#include "uniqlink/Compat/Support.h"
#include "llvm/ADT/MapVector.h"

using namespace llvm;

namespace uniqlink {
namespace audit {

void Auditor::unreadable(StringRef Origin, const Twine &Msg) {
  ++Summary.Unreadable;
  Report->error(Origin, Msg.str());
}

void Auditor::unreadable(StringRef Origin, Error E) {
  std::string Msg = toString(std::move(E));
  // Messages from the fingerprinter already start with the origin.
  StringRef M(Msg);
  if (compat::startsWith(M, Origin) &&
      compat::startsWith(M.drop_front(Origin.size()), ": "))
    M = M.drop_front(Origin.size() + 2);
  unreadable(Origin, M);
}

void Auditor::explainFully(std::vector<Collision> &Collisions,
                           MemoryBufferRef Buffer, StringRef Origin) {
  // The unexplained collisions' names, per loaded origin.
  MapVector<StringRef, SmallVector<StringRef, 4>> ByOrigin;
  SmallVector<StringRef, 8> AllNames;
  for (const Collision &C : Collisions)
    if (C.FirstDiff.What == Difference::Unexplained) {
      ByOrigin[C.LoadedOrigin].push_back(C.Name);
      AllNames.push_back(C.Name);
    }
  if (AllNames.empty())
    return;
  auto NewOrErr = fingerprintSymbols(Buffer, Origin, AllNames);
  if (!NewOrErr)
    return consumeError(NewOrErr.takeError());
  for (const auto &[LoadedOrigin, Names] : ByOrigin) {
    auto It = Sources.find(LoadedOrigin);
    if (It == Sources.end())
      continue;
    for (const Source &Src : It->second) {
      auto R = reload(Src);
      if (!R) {
        consumeError(R.takeError());
        continue;
      }
      auto LoadedOrErr = fingerprintSymbols(R->Ref, LoadedOrigin, Names);
      if (!LoadedOrErr) {
        consumeError(LoadedOrErr.takeError());
        continue;
      }
      // Matches only the definitions that collided (by digest).
      explainCollisions(Collisions, *LoadedOrErr, *NewOrErr);
    }
  }
}

void Auditor::admit(MemoryBufferRef Buffer, StringRef Origin,
                    const Source &Src) {
  auto FPOrErr = fingerprintObjectBuffer(Buffer, Origin,
                                         Options.DumpFingerprints
                                             ? FingerprintDetail::Full
                                             : FingerprintDetail::DigestOnly);
  if (!FPOrErr)
    return unreadable(Origin, FPOrErr.takeError());
  if (!Options.Explain.empty())
    return explain(*FPOrErr);
  std::vector<SymbolFingerprint> Dumped;
  if (Options.DumpFingerprints)
    Dumped = FPOrErr->Symbols;
  size_t NumSymbols = FPOrErr->Symbols.size();
  auto ResultOrErr = Reg.admit(std::move(*FPOrErr));
  if (!ResultOrErr)
    return rejected(ResultOrErr.takeError(), Buffer, Origin, NumSymbols,
                    Dumped);
  ++Summary.Accepted;
  Summary.Warnings += ResultOrErr->Warnings.size();
  Loaded.push_back({Origin.str(), ResultOrErr->Handle});
  Sources[Origin].push_back(Src);
  explainFully(ResultOrErr->Warnings, Buffer, Origin);
  Report->accepted(Origin, NumSymbols, *ResultOrErr, Dumped);
}

/// The registry refused the object \p Origin with \p E.
void Auditor::rejected(Error E, MemoryBufferRef Buffer, StringRef Origin,
                       size_t NumSymbols, ArrayRef<SymbolFingerprint> Dumped) {
  std::vector<Collision> Collisions;
  if (Error Rest = takeCollisions(std::move(E), Collisions))
    return unreadable(Origin, std::move(Rest));
  ++Summary.Rejected;
  Summary.Collisions += Collisions.size();
  explainFully(Collisions, Buffer, Origin);
  Report->rejected(Origin, NumSymbols, Collisions, Dumped);
}

void Auditor::explain(const ObjectFingerprint &FP) {
  const SymbolFingerprint *Sym = nullptr;
  for (const SymbolFingerprint &S : FP.Symbols)
    if (S.Name == Options.Explain)
      Sym = &S;
  StringRef Table = !FP.HasOdrTable          ? "no table"
                    : Sym && Sym->HasOdrHash ? "entry"
                                             : "no entry";
  ++Summary.Accepted;
  Report->explained(FP, Sym, Table);
}

void Auditor::unload(StringRef Path) {
  unsigned N = 0;
  for (auto It = Loaded.begin(); It != Loaded.end();) {
    StringRef O = It->first;
    bool Match =
        O == Path || (compat::startsWith(O, Path) &&
                      (O[Path.size()] == '(' || O[Path.size()] == '@' ||
                       O[Path.size()] == '/'));
    if (!Match) {
      ++It;
      continue;
    }
    N += Reg.remove(It->second);
    It = Loaded.erase(It);
  }
  Summary.Removed += N;
  Report->removed(Path, N);
}

AuditSummary Auditor::finish() {
  Report->finish(Summary);
  return Summary;
}

} // namespace audit

AuditSummary runAudit(ArrayRef<AuditStep> Steps, const AuditOptions &Options,
                      raw_ostream &OS) {
  audit::Auditor A(Options, OS);
  for (const AuditStep &S : Steps) {
    if (S.What == AuditStep::Load)
      A.load(S.Path);
    else
      A.unload(S.Path);
  }
  return A.finish();
}

} // namespace uniqlink
