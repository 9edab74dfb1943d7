//===- Audit.cpp - Check files the way a JIT would load them -------------===//
//
// Input expansion (files, archives, directories, carving), one registry,
// and the per-object report. Nothing here exits or aborts: every problem
// with an input becomes an "error" line for that input and exit code 2.
//
// Objects are fingerprinted digest-only and the registry keeps no detail
// (the fast path). When an object is refused, both it and each loaded
// object it collides with are read again and fingerprinted in full, so the
// report still names the first differing byte or relocation.
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Check/Audit.h"
#include "uniqlink/Check/Carve.h"
#include "uniqlink/Check/Diagnostics.h"
#include "uniqlink/Compat/Support.h"
#include "uniqlink/Version.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/BinaryFormat/Magic.h"
#include "llvm/Object/Archive.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include <algorithm>

using namespace llvm;
using namespace llvm::object;

namespace uniqlink {
namespace {

/// An owned, valid UTF-8 JSON string (json::Value would borrow a StringRef).
std::string utf8(StringRef S) {
  return json::isUTF8(S) ? S.str() : json::fixUTF8(S);
}

/// Where an admitted object's bytes can be read again.
struct Source {
  enum Kind { File, Member, Carved } What = File;
  std::string Path;
  /// Member: its position in the archive; Carved: its offset in the file.
  uint64_t Index = 0;
};

/// An object read again from its Source, and what keeps its bytes alive.
struct Reloaded {
  std::unique_ptr<MemoryBuffer> File;
  std::shared_ptr<MemoryBuffer> Carved;
  MemoryBufferRef Ref;
};

Expected<Reloaded> reload(const Source &Src) {
  auto BufOrErr = MemoryBuffer::getFile(Src.Path, /*IsText=*/false,
                                        /*RequiresNullTerminator=*/false);
  if (!BufOrErr)
    return createFileError(Src.Path, BufOrErr.getError());
  Reloaded R;
  R.File = std::move(*BufOrErr);
  R.Ref = R.File->getMemBufferRef();
  if (Src.What == Source::File)
    return std::move(R);
  if (Src.What == Source::Carved) {
    for (CarvedObject &C : carveObjects(R.Ref))
      if (C.Offset == Src.Index) {
        R.Carved = std::move(C.Storage);
        R.Ref = C.Buffer;
        return std::move(R);
      }
    return createStringError(inconvertibleErrorCode(),
                             Src.Path + ": embedded object not found again");
  }
  auto ArOrErr = Archive::create(R.Ref);
  if (!ArOrErr)
    return ArOrErr.takeError();
  Error Err = Error::success();
  uint64_t I = 0;
  for (const Archive::Child &C : (*ArOrErr)->children(Err)) {
    if (I++ != Src.Index)
      continue;
    auto MemberOrErr = C.getMemoryBufferRef();
    if (!MemberOrErr) {
      consumeError(std::move(Err));
      return MemberOrErr.takeError();
    }
    consumeError(std::move(Err));
    R.Ref = *MemberOrErr;
    return std::move(R);
  }
  if (Err)
    return std::move(Err);
  return createStringError(inconvertibleErrorCode(),
                           Src.Path + ": archive member not found again");
}

class Auditor {
public:
  Auditor(const AuditOptions &Options, raw_ostream &OS)
      : Options(Options), OS(OS), Reg(Options.Registry) {}

  void load(StringRef Path);
  void unload(StringRef Path);
  AuditSummary finish();

private:
  void loadFile(StringRef Path, bool InDirectory);
  void loadArchive(MemoryBufferRef Buffer, StringRef Path);
  void admit(MemoryBufferRef Buffer, StringRef Origin, const Source &Src);
  void explainFully(std::vector<Collision> &Collisions, MemoryBufferRef Buffer,
                    StringRef Origin);
  void explain(const ObjectFingerprint &FP);
  void unreadable(StringRef Origin, Error E);
  void unreadable(StringRef Origin, const Twine &Msg);

  const AuditOptions &Options;
  raw_ostream &OS;
  Registry Reg;
  AuditSummary Summary;
  std::vector<std::pair<std::string, ObjectHandle>> Loaded;
  /// Where each loaded origin's objects came from (several objects may
  /// share an origin: an archive with two members of one name).
  StringMap<SmallVector<Source, 1>> Sources;
  json::Array Objects;
};

void Auditor::unreadable(StringRef Origin, const Twine &Msg) {
  ++Summary.Unreadable;
  std::string Text = Msg.str();
  if (Options.JSON) {
    Objects.push_back(json::Object{
        {"object", utf8(Origin)}, {"status", "error"}, {"error", utf8(Text)}});
    return;
  }
  OS << Origin << ": error: " << Text << "\n";
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
  json::Array Fingerprints;
  if (Options.DumpFingerprints)
    for (const SymbolFingerprint &S : FPOrErr->Symbols)
      Fingerprints.push_back(toJSON(S));
  size_t NumSymbols = FPOrErr->Symbols.size();
  auto ResultOrErr = Reg.admit(std::move(*FPOrErr));
  if (!ResultOrErr) {
    std::vector<Collision> Collisions;
    Error Rest = takeCollisions(ResultOrErr.takeError(), Collisions);
    if (Rest)
      return unreadable(Origin, std::move(Rest));
    ++Summary.Rejected;
    Summary.Collisions += Collisions.size();
    explainFully(Collisions, Buffer, Origin);
    if (Options.JSON) {
      json::Array CJ;
      for (const Collision &C : Collisions)
        CJ.push_back(toJSON(C));
      json::Object O{{"object", utf8(Origin)},
                     {"status", "rejected"},
                     {"symbols", int64_t(NumSymbols)},
                     {"collisions", std::move(CJ)}};
      if (Options.DumpFingerprints)
        O["fingerprints"] = std::move(Fingerprints);
      Objects.push_back(std::move(O));
      return;
    }
    OS << Origin << ": rejected: " << Collisions.size()
       << (Collisions.size() == 1 ? " symbol collides" : " symbols collide")
       << " with loaded definitions\n";
    for (const Collision &C : Collisions)
      OS << C.describe() << "\n";
    return;
  }
  ++Summary.Accepted;
  Summary.Warnings += ResultOrErr->Warnings.size();
  Loaded.push_back({Origin.str(), ResultOrErr->Handle});
  Sources[Origin].push_back(Src);
  explainFully(ResultOrErr->Warnings, Buffer, Origin);
  if (Options.JSON) {
    json::Array WJ;
    for (const Collision &C : ResultOrErr->Warnings)
      WJ.push_back(toJSON(C));
    json::Object O{{"object", utf8(Origin)},
                   {"status", "accepted"},
                   {"symbols", int64_t(NumSymbols)},
                   {"new", int64_t(ResultOrErr->NewSymbols)},
                   {"duplicates", int64_t(ResultOrErr->DuplicateSymbols)},
                   {"warnings", std::move(WJ)}};
    if (Options.DumpFingerprints)
      O["fingerprints"] = std::move(Fingerprints);
    Objects.push_back(std::move(O));
    return;
  }
  if (Options.Quiet && ResultOrErr->Warnings.empty())
    return;
  OS << Origin << ": accepted";
  if (Options.Verbose)
    OS << " (" << NumSymbols << " symbols, " << ResultOrErr->NewSymbols
       << " new, " << ResultOrErr->DuplicateSymbols << " duplicate)";
  OS << "\n";
  for (const Collision &C : ResultOrErr->Warnings)
    OS << Origin << ": warning: COMMON mismatch\n" << C.describe() << "\n";
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
  if (Options.JSON) {
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
        O["odr_hash"] = formatDigest(Sym->OdrHash);
        O["odr_own_hash"] = formatDigest(Sym->OdrOwnHash);
      }
    }
    Objects.push_back(std::move(O));
    return;
  }
  OS << FP.Origin << ": ";
  if (!Sym) {
    OS << "not defined\n";
    return;
  }
  OS << symbolBindingName(Sym->Binding) << " " << symbolKindName(Sym->Kind)
     << ", size " << Sym->Size << ", fingerprint " << formatDigest(Sym->Hash)
     << ", odr-table ";
  if (Sym->HasOdrHash)
    OS << "hash " << formatDigest(Sym->OdrHash) << ", body alone "
       << formatDigest(Sym->OdrOwnHash);
  else
    OS << "none (" << Table << ")";
  OS << "\n";
}

void Auditor::loadArchive(MemoryBufferRef Buffer, StringRef Path) {
  auto ArOrErr = Archive::create(Buffer);
  if (!ArOrErr)
    return unreadable(Path, ArOrErr.takeError());
  Error Err = Error::success();
  uint64_t Index = 0;
  for (const Archive::Child &C : (*ArOrErr)->children(Err)) {
    Source Src{Source::Member, Path.str(), Index++};
    auto NameOrErr = C.getName();
    if (!NameOrErr) {
      unreadable(Path, NameOrErr.takeError());
      continue;
    }
    std::string Origin = (Path + "(" + *NameOrErr + ")").str();
    auto MemberOrErr = C.getMemoryBufferRef();
    if (!MemberOrErr) {
      unreadable(Origin, MemberOrErr.takeError());
      continue;
    }
    // LLVM 19 does not check a member's size field against the archive's
    // end (the next header is checked, but the last member is not).
    StringRef Data = MemberOrErr->getBuffer();
    if (Data.end() > Buffer.getBuffer().end()) {
      unreadable(Origin, "archive member extends past the end of the archive");
      continue;
    }
    MemoryBufferRef Member(Data, Origin);
    admit(Member, Origin, Src);
  }
  if (Err)
    unreadable(Path, std::move(Err));
}

void Auditor::loadFile(StringRef Path, bool InDirectory) {
  auto BufOrErr = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                        /*RequiresNullTerminator=*/false);
  if (!BufOrErr)
    return unreadable(Path, BufOrErr.getError().message());
  MemoryBufferRef Buffer = (*BufOrErr)->getMemBufferRef();
  switch (identify_magic(Buffer.getBuffer())) {
  case file_magic::archive:
    return loadArchive(Buffer, Path);
  case file_magic::elf_relocatable:
  case file_magic::macho_object:
  case file_magic::coff_object:
    return admit(Buffer, Path, Source{Source::File, Path.str(), 0});
  default:
    break;
  }
  if (Options.Carve) {
    std::vector<CarvedObject> Found = carveObjects(Buffer);
    if (Found.empty() && !InDirectory && !Options.JSON)
      OS << Path << ": no embedded objects\n";
    for (const CarvedObject &C : Found)
      admit(MemoryBufferRef(C.Buffer.getBuffer(), C.Name), C.Name,
            Source{Source::Carved, Path.str(), C.Offset});
    return;
  }
  if (!InDirectory)
    unreadable(Path, "not a relocatable object file or archive (use --carve "
                     "to look for embedded objects)");
}

void Auditor::load(StringRef Path) {
  sys::fs::file_status Status;
  if (std::error_code EC = sys::fs::status(Path, Status))
    return unreadable(Path, EC.message());
  if (!sys::fs::is_directory(Status))
    return loadFile(Path, /*InDirectory=*/false);
  std::vector<std::string> Files;
  std::error_code EC;
  for (sys::fs::recursive_directory_iterator It(Path, EC), End;
       It != End && !EC; It.increment(EC)) {
    auto St = It->status();
    if (St && sys::fs::is_regular_file(*St))
      Files.push_back(It->path());
  }
  if (EC)
    unreadable(Path, EC.message());
  llvm::sort(Files);
  for (const std::string &F : Files)
    loadFile(F, /*InDirectory=*/true);
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
  if (Options.JSON)
    Objects.push_back(json::Object{
        {"object", utf8(Path)}, {"status", "removed"}, {"count", int64_t(N)}});
  else
    OS << Path << ": removed " << N << (N == 1 ? " object\n" : " objects\n");
}

AuditSummary Auditor::finish() {
  if (!Options.Explain.empty() && !Options.JSON) {
    OS << "explained: " << Summary.Accepted << " objects, "
       << Summary.Unreadable << " unreadable\n";
    return Summary;
  }
  if (Options.JSON) {
    json::Object Doc{
        {"tool", "uniqlink-check"},
        {"version", UNIQLINK_VERSION_STRING},
        {"objects", std::move(Objects)},
        {"summary", json::Object{{"accepted", Summary.Accepted},
                                 {"rejected", Summary.Rejected},
                                 {"errors", Summary.Unreadable},
                                 {"removed", Summary.Removed},
                                 {"collisions", Summary.Collisions},
                                 {"warnings", Summary.Warnings},
                                 {"exit_code", Summary.exitCode()}}}};
    OS << formatv("{0:2}", json::Value(std::move(Doc))) << "\n";
  } else {
    OS << "summary: " << Summary.Accepted << " accepted, " << Summary.Rejected
       << " rejected, " << Summary.Unreadable << " unreadable, "
       << Summary.Collisions << " collisions\n";
  }
  return Summary;
}

} // namespace

AuditSummary runAudit(ArrayRef<AuditStep> Steps, const AuditOptions &Options,
                      raw_ostream &OS) {
  Auditor A(Options, OS);
  for (const AuditStep &S : Steps) {
    if (S.What == AuditStep::Load)
      A.load(S.Path);
    else
      A.unload(S.Path);
  }
  return A.finish();
}

} // namespace uniqlink
