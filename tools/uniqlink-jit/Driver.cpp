//===- Driver.cpp - Fork the children, exec a fresh loader, judge ---------===//
//
// One round per configuration: a parent forks N children (as a
// multiprocessing pool does), each compiles its module into the round's cache
// directory; then a fresh process (this executable in load mode) links the
// whole cache into one JIT and prints the table. The parent judges whether
// the round behaved as the configuration should and prints the summary.
//
//===----------------------------------------------------------------------===//

#include "Demo.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include <sys/wait.h>
#include <unistd.h>

using namespace llvm;

namespace uniqlink {
namespace demo {

namespace {

StringRef describe(Config C) {
  switch (C) {
  case Config::Plain:
    return "children compile as today; the loader links every cached object";
  case Config::Check:
    return "children compile as today; the loader checks every object first";
  case Config::Unique:
    return "children rename linkonce_odr definitions before adding the "
           "module";
  }
  return "";
}

/// Forks one child per variant and waits for all of them.
Error forkChildren(unsigned N, Config C, LinkerKind Linker, StringRef Dir) {
  outs().flush();
  errs().flush();
  std::vector<pid_t> Pids;
  for (unsigned I = 0; I < N; ++I) {
    pid_t Pid = fork();
    if (Pid < 0)
      return createStringError(std::error_code(errno, std::generic_category()),
                               "fork failed");
    if (Pid == 0) {
      int RC = 0;
      if (Error Err = compileIntoCache(I, C, Linker, Dir)) {
        errs() << "uniqlink-jit: child " << I << ": "
               << toString(std::move(Err)) << "\n";
        RC = 1;
      }
      // Do not run the parent's atexit handlers or flush its buffers twice.
      _exit(RC);
    }
    Pids.push_back(Pid);
  }
  unsigned Failed = 0;
  for (pid_t Pid : Pids) {
    int Status = 0;
    if (waitpid(Pid, &Status, 0) != Pid || !WIFEXITED(Status) ||
        WEXITSTATUS(Status) != 0)
      ++Failed;
  }
  if (Failed)
    return createStringError(inconvertibleErrorCode(),
                             "%u of %u children failed", Failed, N);
  return Error::success();
}

Expected<LoadSummary> readSummary(StringRef Path) {
  auto Buf = MemoryBuffer::getFile(Path);
  if (!Buf)
    return createStringError(Buf.getError(),
                             "no loader summary in '" + Path + "'");
  LoadSummary S;
  SmallVector<StringRef, 5> F;
  (*Buf)->getBuffer().trim().split(F, ' ');
  if (F.size() != 5 || F[0].getAsInteger(10, S.Ok) ||
      F[1].getAsInteger(10, S.Wrong) || F[2].getAsInteger(10, S.Rejected) ||
      F[3].getAsInteger(10, S.Linked) || F[4].getAsInteger(10, S.Failed))
    return createStringError(inconvertibleErrorCode(),
                             "bad loader summary in '" + Path + "'");
  return S;
}

/// Runs this executable in load mode on \p Dir: a fresh process.
Expected<LoadSummary> runFreshLoader(const DemoOptions &Opts, Config C,
                                     StringRef Dir) {
  std::string Summary = (Dir + "/loader.summary").str();
  std::string Linker = ("--linker=" + linkerName(Opts.Linker)).str();
  std::string SummaryArg = "--loader-summary-file=" + Summary;
  SmallVector<StringRef, 8> Args{Opts.Self, "--load", Linker, SummaryArg};
  if (C == Config::Check)
    Args.push_back("--check");
  Args.push_back(Dir);
  outs().flush();
  std::string ErrMsg;
  int RC = sys::ExecuteAndWait(Opts.Self, Args, /*Env=*/{}, {}, 0, 0, &ErrMsg);
  if (RC < 0 || RC > 7)
    return createStringError(inconvertibleErrorCode(),
                             "loader process failed (%d) %s", RC,
                             ErrMsg.c_str());
  return readSummary(Summary);
}

struct Verdict {
  bool AsExpected;
  StringRef Text;
};

Verdict judge(Config C, unsigned N, const LoadSummary &S) {
  bool Collide = N >= 2;
  bool AllOk = S.Ok == N && !S.Wrong && !S.Rejected && !S.Failed;
  switch (C) {
  case Config::Plain:
    if (!Collide)
      return {AllOk,
              AllOk ? "every result correct (nothing collides)" : "UNEXPECTED"};
    if (S.Wrong && !S.Rejected && !S.Failed)
      return {true, "wrong results, no error: the bug"};
    return {false, "UNEXPECTED: the bug did not show"};
  case Config::Check:
    if (!Collide)
      return {AllOk,
              AllOk ? "every result correct (nothing collides)" : "UNEXPECTED"};
    if (!S.Wrong && !S.Failed && S.Ok == 1 && S.Rejected == N - 1)
      return {true, "colliding objects rejected with a diagnostic"};
    return {false, "UNEXPECTED"};
  case Config::Unique:
    return {AllOk, AllOk ? "every result correct" : "UNEXPECTED"};
  }
  return {false, "UNEXPECTED"};
}

} // namespace

Expected<int> runDemo(const DemoOptions &Opts, raw_ostream &OS) {
  if (Opts.Processes == 0)
    return createStringError(inconvertibleErrorCode(),
                             "need at least one process");
  SmallString<256> Root(Opts.CacheDir);
  if (Root.empty()) {
    if (std::error_code EC =
            sys::fs::createUniqueDirectory("uniqlink-jit", Root))
      return createStringError(EC, "cannot create a temporary directory: " +
                                       EC.message());
  }
  bool RemoveRoot = Opts.CacheDir.empty() && !Opts.KeepCache;
  auto Cleanup = make_scope_exit([&] {
    if (RemoveRoot)
      sys::fs::remove_directories(Root);
  });

  OS << "uniqlink-jit: " << Opts.Processes
     << " forked processes each JIT-compile entry_<i>, which calls the "
        "linkonce_odr helper "
     << demangle(HelperName.str())
     << ": same name, a different body in every process.\n"
     << "A fresh process then loads all cached objects into one JIT "
        "(linker: "
     << linkerName(Opts.Linker) << ") and calls every entry(" << EntryArg
     << ").\n";

  std::vector<std::pair<Config, LoadSummary>> Results;
  bool AllAsExpected = true;
  for (Config C : Opts.Configs) {
    SmallString<256> Dir(Root);
    sys::path::append(Dir, configName(C));
    if (std::error_code EC = sys::fs::remove_directories(Dir))
      return createStringError(EC, "cannot clear '" + Dir + "'");
    if (std::error_code EC = sys::fs::create_directories(Dir))
      return createStringError(EC, "cannot create '" + Dir + "'");

    OS << "\n== " << configName(C) << ": " << describe(C) << "\n";
    if (Error Err = forkChildren(Opts.Processes, C, Opts.Linker, Dir))
      return std::move(Err);
    auto S = runFreshLoader(Opts, C, Dir);
    if (!S)
      return S.takeError();
    Verdict V = judge(C, Opts.Processes, *S);
    AllAsExpected &= V.AsExpected;
    OS << "  => " << configName(C) << ": " << S->Ok << " ok, " << S->Wrong
       << " wrong, " << S->Rejected << " rejected: " << V.Text << "\n";
    Results.emplace_back(C, *S);
  }

  OS << "\n== summary: " << Opts.Processes << " processes, linker "
     << linkerName(Opts.Linker) << "\n";
  OS << "  " << left_justify("config", 8) << right_justify("ok", 4)
     << right_justify("wrong", 7) << right_justify("rejected", 10)
     << "  verdict\n";
  for (const auto &[C, S] : Results) {
    Verdict V = judge(C, Opts.Processes, S);
    OS << "  " << left_justify(configName(C), 8)
       << right_justify(std::to_string(S.Ok), 4)
       << right_justify(std::to_string(S.Wrong), 7)
       << right_justify(std::to_string(S.Rejected), 10) << "  "
       << (V.AsExpected ? "as expected: " : "") << V.Text << "\n";
  }
  OS << (AllAsExpected ? "uniqlink-jit: every configuration behaved as "
                         "expected\n"
                       : "uniqlink-jit: UNEXPECTED behaviour, see above\n");

  if (!RemoveRoot)
    OS << "cache kept in " << Root << "\n";
  return AllAsExpected ? 0 : 1;
}

} // namespace demo
} // namespace uniqlink
