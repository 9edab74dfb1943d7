//===- Loader.cpp - Link a cache of objects into one JIT and check it -----===//
//
// The "fresh process" of the demo, and the tool's load mode: every object is
// added to one LLJIT (as a process that loads several caches does), then
// each is linked by looking up its entry. With the checker on, a colliding
// object fails to link and the row shows the checker's diagnostic; without
// it, the JIT silently keeps the first weak helper and the entry returns the
// wrong number.
//
//===----------------------------------------------------------------------===//

#include "Demo.h"
#include "uniqlink/Compat/ORC.h"
#include "uniqlink/ORC/ObjectGate.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <algorithm>
#include <mutex>

using namespace llvm;
using namespace llvm::orc;

namespace uniqlink {
namespace demo {

namespace {

struct Input {
  std::string Path;    ///< Where to read it.
  std::string Display; ///< How to name it (file name for directory members).
};

/// entry_2.o before entry_10.o.
bool naturalLess(const Input &A, const Input &B) {
  if (A.Display.size() != B.Display.size())
    return A.Display.size() < B.Display.size();
  return A.Display < B.Display;
}

Expected<std::vector<Input>> collectInputs(ArrayRef<std::string> Paths) {
  std::vector<Input> Out;
  for (const std::string &P : Paths) {
    if (!sys::fs::is_directory(P)) {
      if (!sys::fs::exists(P))
        return createStringError(inconvertibleErrorCode(),
                                 "no such file or directory: '" + P + "'");
      Out.push_back({P, P});
      continue;
    }
    std::vector<Input> InDir;
    std::error_code EC;
    for (sys::fs::directory_iterator It(P, EC), End; It != End && !EC;
         It.increment(EC))
      if (sys::path::extension(It->path()) == ".o")
        InDir.push_back({It->path(), sys::path::filename(It->path()).str()});
    if (EC)
      return createStringError(EC, "cannot list '" + P + "': " + EC.message());
    std::sort(InDir.begin(), InDir.end(), naturalLess);
    Out.insert(Out.end(), InDir.begin(), InDir.end());
  }
  return Out;
}

/// Defined, global, non-weak function/data symbols: what a lookup may ask
/// for to make the object link.
Expected<std::vector<std::string>> strongDefinitions(MemoryBufferRef Buf) {
  auto Obj = object::ObjectFile::createObjectFile(Buf);
  if (!Obj)
    return Obj.takeError();
  std::vector<std::string> Names;
  for (const object::SymbolRef &S : (*Obj)->symbols()) {
    auto Flags = S.getFlags();
    if (!Flags)
      return Flags.takeError();
    if (!(*Flags & object::SymbolRef::SF_Global) ||
        (*Flags &
         (object::SymbolRef::SF_Undefined | object::SymbolRef::SF_Weak)))
      continue;
    auto Name = S.getName();
    if (!Name)
      return Name.takeError();
    if (!Name->empty())
      Names.push_back(Name->str());
  }
  return Names;
}

void printRow(raw_ostream &OS, StringRef Object, StringRef Entry,
              StringRef Body, StringRef Expected, StringRef Got,
              StringRef Result) {
  OS << "  " << left_justify(Object, 11) << ' ' << left_justify(Entry, 10)
     << ' ' << left_justify(Body, 21) << ' ' << right_justify(Expected, 10)
     << "  " << right_justify(Got, 10) << "  " << Result << "\n";
}

void printIndented(raw_ostream &OS, StringRef Text) {
  SmallVector<StringRef, 8> Lines;
  Text.rtrim().split(Lines, '\n');
  for (StringRef L : Lines)
    OS << "      | " << L << "\n";
}

} // namespace

int loadExitCode(const LoadSummary &S) {
  return (S.Wrong ? 1 : 0) | (S.Rejected ? 2 : 0) | (S.Failed ? 4 : 0);
}

Expected<LoadSummary> loadObjects(const LoadOptions &Opts, raw_ostream &OS) {
  auto Inputs = collectInputs(Opts.Inputs);
  if (!Inputs)
    return Inputs.takeError();

  JITConfig JC;
  JC.Linker = Opts.Linker;
  std::shared_ptr<ObjectGate> Gate;
  if (Opts.Check)
    JC.Gate = Gate = std::make_shared<ObjectGate>();
  auto J = createLLJIT(JC);
  if (!J)
    return J.takeError();

  // Link failures are reported to the session, not to the lookup; keep them.
  std::mutex ReportedMutex;
  std::vector<std::string> Reported;
  (*J)->getExecutionSession().setErrorReporter([&](Error Err) {
    std::lock_guard<std::mutex> Lock(ReportedMutex);
    Reported.push_back(toString(std::move(Err)));
  });

  // Add everything first: ORC decides which weak definition wins at add
  // time, exactly as when a process loads several cache files.
  struct Loaded {
    Input In;
    std::optional<Expectation> Expect;
    std::vector<std::string> Symbols;
    std::string AddError;
  };
  std::vector<Loaded> Objects;
  for (const Input &In : *Inputs) {
    Loaded L{In, std::nullopt, {}, {}};
    auto File = MemoryBuffer::getFile(In.Path);
    if (!File)
      return createStringError(File.getError(),
                               "cannot read '" + In.Path +
                                   "': " + File.getError().message());
    auto Buf = MemoryBuffer::getMemBufferCopy((*File)->getBuffer(), In.Display);
    if (sys::fs::exists(In.Path + ".expect")) {
      auto E = readExpectation(In.Path + ".expect");
      if (!E)
        return E.takeError();
      L.Expect = std::move(*E);
      L.Symbols.push_back(L.Expect->Entry);
    } else {
      auto Syms = strongDefinitions(Buf->getMemBufferRef());
      if (!Syms)
        return Syms.takeError();
      L.Symbols = std::move(*Syms);
    }
    if (Error Err = (*J)->addObjectFile(std::move(Buf)))
      L.AddError = toString(std::move(Err));
    Objects.push_back(std::move(L));
  }

  OS << "  " << left_justify("object", 12) << left_justify("entry", 11)
     << left_justify("helper body", 22) << right_justify("expected", 10) << "  "
     << right_justify("got", 10) << "  result\n";
  LoadSummary S;
  for (Loaded &L : Objects) {
    StringRef Entry = L.Expect ? StringRef(L.Expect->Entry) : "-";
    StringRef Body = L.Expect ? StringRef(L.Expect->Body) : "-";
    std::string Want = L.Expect ? std::to_string(L.Expect->Expected) : "-";
    if (!L.AddError.empty()) {
      ++S.Failed;
      printRow(OS, L.In.Display, Entry, Body, Want, "-", "FAILED to add");
      printIndented(OS, L.AddError);
      continue;
    }
    size_t ReportedBefore = Reported.size();
    std::string LookupError;
    std::optional<int64_t> Got;
    for (const std::string &Sym : L.Symbols) {
      auto Addr = (*J)->lookup(Sym);
      if (!Addr) {
        LookupError = toString(Addr.takeError());
        break;
      }
      if (L.Expect && Sym == L.Expect->Entry)
        Got = compat::addressToPtr<int64_t (*)(int64_t)>(*Addr)(L.Expect->Arg);
    }
    if (!LookupError.empty()) {
      // Rejected by the gate, or a link error of another kind.
      std::string Why;
      if (Gate)
        for (const Rejection &R : Gate->rejections())
          if (R.Origin == L.In.Display)
            Why = R.Message;
      if (!Why.empty()) {
        ++S.Rejected;
        printRow(OS, L.In.Display, Entry, Body, Want, "-", "REJECTED");
        printIndented(OS, Why);
      } else {
        ++S.Failed;
        printRow(OS, L.In.Display, Entry, Body, Want, "-", "FAILED");
        std::lock_guard<std::mutex> Lock(ReportedMutex);
        for (size_t I = ReportedBefore; I < Reported.size(); ++I)
          printIndented(OS, Reported[I]);
        printIndented(OS, LookupError);
      }
      continue;
    }
    if (!L.Expect) {
      ++S.Linked;
      printRow(OS, L.In.Display, Entry, Body, Want, "-", "linked");
      continue;
    }
    if (*Got == L.Expect->Expected) {
      ++S.Ok;
      printRow(OS, L.In.Display, Entry, Body, Want, std::to_string(*Got), "ok");
    } else {
      ++S.Wrong;
      printRow(OS, L.In.Display, Entry, Body, Want, std::to_string(*Got),
               "WRONG (no error)");
    }
  }
  return S;
}

} // namespace demo
} // namespace uniqlink
