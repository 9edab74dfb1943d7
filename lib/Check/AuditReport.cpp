//===- AuditReport.cpp - uniqlink-check's text and JSON reports ----------===//
//
// The two shapes of the audit's findings (AuditReport.h): text, one line or
// block per outcome as it happens and a summary line; JSON, one object per
// outcome collected into a single document with the summary. What a line or
// an object says is fixed by the tests (test/Check): change it only with
// them.
//
//===----------------------------------------------------------------------===//
#include "AuditReport.h"
#include "JSONString.h"
#include "uniqlink/Check/Diagnostics.h"
#include "uniqlink/Version.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

using namespace llvm;

namespace uniqlink {

AuditReport::~AuditReport() = default;

namespace {

class TextReport : public AuditReport {
public:
  TextReport(const AuditOptions &Options, raw_ostream &OS)
      : Options(Options), OS(OS) {}

  void error(StringRef Origin, StringRef Msg) override {
    OS << Origin << ": error: " << Msg << "\n";
  }
  void noEmbeddedObjects(StringRef Path) override {
    OS << Path << ": no embedded objects\n";
  }
  void accepted(StringRef Origin, size_t NumSymbols, const AdmitResult &R,
                ArrayRef<SymbolFingerprint>) override;
  void rejected(StringRef Origin, size_t NumSymbols,
                ArrayRef<Collision> Collisions,
                ArrayRef<SymbolFingerprint>) override;
  void explained(const ObjectFingerprint &FP, const SymbolFingerprint *Sym,
                 StringRef Table) override;
  void removed(StringRef Path, unsigned N) override {
    OS << Path << ": removed " << N << (N == 1 ? " object\n" : " objects\n");
  }
  void finish(const AuditSummary &Summary) override;

private:
  const AuditOptions &Options;
  raw_ostream &OS;
};

void TextReport::accepted(StringRef Origin, size_t NumSymbols,
                          const AdmitResult &R, ArrayRef<SymbolFingerprint>) {
  if (Options.Quiet && R.Warnings.empty())
    return;
  OS << Origin << ": accepted";
  if (Options.Verbose)
    OS << " (" << NumSymbols << " symbols, " << R.NewSymbols << " new, "
       << R.DuplicateSymbols << " duplicate)";
  OS << "\n";
  for (const Collision &C : R.Warnings)
    OS << Origin << ": warning: COMMON mismatch\n" << C.describe() << "\n";
}

void TextReport::rejected(StringRef Origin, size_t, ArrayRef<Collision> Cs,
                          ArrayRef<SymbolFingerprint>) {
  OS << Origin << ": rejected: " << Cs.size()
     << (Cs.size() == 1 ? " symbol collides" : " symbols collide")
     << " with loaded definitions\n";
  for (const Collision &C : Cs)
    OS << C.describe() << "\n";
}

void TextReport::explained(const ObjectFingerprint &FP,
                           const SymbolFingerprint *Sym, StringRef Table) {
  OS << FP.Origin << ": ";
  if (!Sym) {
    OS << "not defined\n";
    return;
  }
  OS << symbolBindingName(Sym->Binding) << " " << symbolKindName(Sym->Kind)
     << ", size " << Sym->Size << ", fingerprint " << formatDigest(Sym->Hash)
     << ", odr-table ";
  if (Sym->HasOdrHash)
    OS << "hash " << formatDigest(Sym->Odr.Hash) << ", body alone "
       << formatDigest(Sym->Odr.OwnHash);
  else
    OS << "none (" << Table << ")";
  OS << "\n";
}

void TextReport::finish(const AuditSummary &S) {
  if (!Options.Explain.empty()) {
    OS << "explained: " << S.Accepted << " objects, " << S.Unreadable
       << " unreadable\n";
    return;
  }
  OS << "summary: " << S.Accepted << " accepted, " << S.Rejected
     << " rejected, " << S.Unreadable << " unreadable, " << S.Collisions
     << " collisions\n";
}

class JSONReport : public AuditReport {
public:
  JSONReport(const AuditOptions &Options, raw_ostream &OS)
      : Options(Options), OS(OS) {}

  void error(StringRef Origin, StringRef Msg) override {
    Objects.push_back(json::Object{
        {"object", utf8(Origin)}, {"status", "error"}, {"error", utf8(Msg)}});
  }
  void noEmbeddedObjects(StringRef) override {}
  void accepted(StringRef Origin, size_t NumSymbols, const AdmitResult &R,
                ArrayRef<SymbolFingerprint> Dumped) override;
  void rejected(StringRef Origin, size_t NumSymbols,
                ArrayRef<Collision> Collisions,
                ArrayRef<SymbolFingerprint> Dumped) override;
  void explained(const ObjectFingerprint &FP, const SymbolFingerprint *Sym,
                 StringRef Table) override;
  void removed(StringRef Path, unsigned N) override {
    Objects.push_back(json::Object{
        {"object", utf8(Path)}, {"status", "removed"}, {"count", int64_t(N)}});
  }
  void finish(const AuditSummary &Summary) override;

private:
  /// Adds \p O, with the fingerprints \p Dumped if they are dumped.
  void add(json::Object O, ArrayRef<SymbolFingerprint> Dumped);

  const AuditOptions &Options;
  raw_ostream &OS;
  json::Array Objects;
};

static json::Array collisionsJSON(ArrayRef<Collision> Collisions) {
  json::Array A;
  for (const Collision &C : Collisions)
    A.push_back(toJSON(C));
  return A;
}

void JSONReport::add(json::Object O, ArrayRef<SymbolFingerprint> Dumped) {
  if (Options.DumpFingerprints) {
    json::Array Fingerprints;
    for (const SymbolFingerprint &S : Dumped)
      Fingerprints.push_back(toJSON(S));
    O["fingerprints"] = std::move(Fingerprints);
  }
  Objects.push_back(std::move(O));
}

void JSONReport::accepted(StringRef Origin, size_t NumSymbols,
                          const AdmitResult &R,
                          ArrayRef<SymbolFingerprint> Dumped) {
  add(json::Object{{"object", utf8(Origin)},
                   {"status", "accepted"},
                   {"symbols", int64_t(NumSymbols)},
                   {"new", int64_t(R.NewSymbols)},
                   {"duplicates", int64_t(R.DuplicateSymbols)},
                   {"warnings", collisionsJSON(R.Warnings)}},
      Dumped);
}

void JSONReport::rejected(StringRef Origin, size_t NumSymbols,
                          ArrayRef<Collision> Collisions,
                          ArrayRef<SymbolFingerprint> Dumped) {
  add(json::Object{{"object", utf8(Origin)},
                   {"status", "rejected"},
                   {"symbols", int64_t(NumSymbols)},
                   {"collisions", collisionsJSON(Collisions)}},
      Dumped);
}

void JSONReport::explained(const ObjectFingerprint &FP,
                           const SymbolFingerprint *Sym, StringRef Table) {
  json::Object O{{"object", utf8(FP.Origin)},
                 {"status", "explained"},
                 {"symbol", utf8(Options.Explain)},
                 {"defined", Sym != nullptr},
                 {"odr_table", Table}};
  if (Sym) {
    O["kind"] = symbolKindName(Sym->Kind);
    O["binding"] = symbolBindingName(Sym->Binding);
    O["size"] = int64_t(Sym->Size);
    O["fingerprint"] = formatDigest(Sym->Hash);
    if (Sym->HasOdrHash) {
      O["odr_hash"] = formatDigest(Sym->Odr.Hash);
      O["odr_own_hash"] = formatDigest(Sym->Odr.OwnHash);
    }
  }
  Objects.push_back(std::move(O));
}

void JSONReport::finish(const AuditSummary &S) {
  json::Object Doc{{"tool", "uniqlink-check"},
                   {"version", UNIQLINK_VERSION_STRING},
                   {"objects", std::move(Objects)},
                   {"summary", json::Object{{"accepted", S.Accepted},
                                            {"rejected", S.Rejected},
                                            {"errors", S.Unreadable},
                                            {"removed", S.Removed},
                                            {"collisions", S.Collisions},
                                            {"warnings", S.Warnings},
                                            {"exit_code", S.exitCode()}}}};
  OS << formatv("{0:2}", json::Value(std::move(Doc))) << "\n";
}

} // namespace

std::unique_ptr<AuditReport> createAuditReport(const AuditOptions &Options,
                                               raw_ostream &OS) {
  if (Options.JSON)
    return std::make_unique<JSONReport>(Options, OS);
  return std::make_unique<TextReport>(Options, OS);
}

} // namespace uniqlink
