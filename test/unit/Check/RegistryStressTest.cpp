//===- RegistryStressTest.cpp - Concurrent admit/remove, checked per round ===//
//
// 8 threads admit and remove objects in random order for a fixed number of
// rounds. Objects share a small pool of names (in three body variants, so
// many are refused) and each also defines one name of its own. After every
// round, with the threads joined, the registry must agree exactly with what
// the threads recorded:
//   - no half-admitted object: every name of every live object is
//     registered, with that object among its owners and the same digest;
//   - no lost or stale entry: the registered names are exactly the names of
//     the live objects, each with exactly their owners, first owner's origin;
//   - rejected objects leave no trace: their own name is not registered.
// The test is meant for TSan too (utils/sanitize.sh thread).
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Check/Registry.h"
#include "gtest/gtest.h"
#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace llvm;
using namespace uniqlink;

namespace {

constexpr unsigned NumThreads = 8;
constexpr unsigned NumRounds = 60;
constexpr unsigned OpsPerRound = 150;
constexpr unsigned SharedNames = 24;

SymbolFingerprint sym(std::string Name, uint64_t Hash) {
  SymbolFingerprint S;
  S.Name = std::move(Name);
  S.Kind = SymbolKind::Function;
  S.Hash = Hash;
  S.Bytes = {uint8_t(Hash)};
  S.Size = 1;
  return S;
}

struct LiveObject {
  ObjectHandle Handle;
  std::string Origin;
  std::vector<SymbolFingerprint> Symbols;
};

/// What one thread did; only that thread touches it during a round.
struct ThreadLog {
  std::vector<LiveObject> Live;
  std::vector<std::string> RejectedOwnNames;
  unsigned Admitted = 0, Rejected = 0, Removed = 0, Failures = 0;
};

void runRound(Registry &R, ThreadLog &Log, unsigned Thread, unsigned Round) {
  std::mt19937 Rng(Round * NumThreads + Thread);
  for (unsigned Op = 0; Op < OpsPerRound; ++Op) {
    if (!Log.Live.empty() && Rng() % 5 < 2) {
      size_t K = Rng() % Log.Live.size();
      if (!R.remove(Log.Live[K].Handle))
        ++Log.Failures;
      Log.Live.erase(Log.Live.begin() + K);
      ++Log.Removed;
      continue;
    }
    std::string Tag = std::to_string(Thread) + "." + std::to_string(Round) +
                      "." + std::to_string(Op);
    std::vector<SymbolFingerprint> Syms{sym("own." + Tag, 7)};
    std::set<unsigned> Picked;
    for (unsigned K = 0, N = 1 + Rng() % 4; K < N; ++K) {
      unsigned Name = Rng() % SharedNames;
      if (Picked.insert(Name).second)
        Syms.push_back(sym("shared" + std::to_string(Name), Rng() % 3));
    }
    // Shuffle so the object's own name is not always checked first.
    std::shuffle(Syms.begin(), Syms.end(), Rng);
    ObjectFingerprint Obj;
    Obj.Origin = "t" + Tag + ".o";
    Obj.Symbols = Syms;
    Expected<AdmitResult> Res = R.admit(std::move(Obj));
    if (!Res) {
      consumeError(Res.takeError());
      Log.RejectedOwnNames.push_back("own." + Tag);
      ++Log.Rejected;
      continue;
    }
    ++Log.Admitted;
    Log.Live.push_back({Res->Handle, "t" + Tag + ".o", std::move(Syms)});
  }
}

/// Compares the registry with the union of the threads' logs.
void checkInvariants(const Registry &R, const std::vector<ThreadLog> &Logs,
                     unsigned Round) {
  SCOPED_TRACE("after round " + std::to_string(Round));
  struct Expect {
    uint64_t Hash;
    std::set<ObjectHandle> Owners;
  };
  std::map<std::string, Expect> Names;
  std::map<ObjectHandle, std::string> Origins;
  size_t NumLive = 0;
  for (const ThreadLog &Log : Logs) {
    EXPECT_EQ(Log.Failures, 0u);
    for (const LiveObject &O : Log.Live) {
      ++NumLive;
      Origins[O.Handle] = O.Origin;
      for (const SymbolFingerprint &S : O.Symbols) {
        auto [It, New] = Names.try_emplace(S.Name, Expect{S.Hash, {}});
        // Two live objects never disagree on a name.
        EXPECT_EQ(It->second.Hash, S.Hash) << S.Name;
        It->second.Owners.insert(O.Handle);
      }
    }
    for (const std::string &Name : Log.RejectedOwnNames)
      EXPECT_FALSE(R.lookup(Name).has_value()) << "trace of refused " << Name;
  }
  EXPECT_EQ(R.numObjects(), NumLive);
  EXPECT_EQ(R.numSymbols(), Names.size());
  for (const auto &[Name, E] : Names) {
    std::optional<RegistryEntry> Entry = R.lookup(Name);
    if (!Entry) {
      ADD_FAILURE() << "lost entry " << Name;
      continue;
    }
    EXPECT_EQ(Entry->Hash, E.Hash) << Name;
    std::set<ObjectHandle> Owners(Entry->Owners.begin(), Entry->Owners.end());
    EXPECT_EQ(Owners.size(), Entry->Owners.size()) << "duplicate owner";
    EXPECT_EQ(Owners, E.Owners) << Name;
    if (!Entry->Owners.empty())
      EXPECT_EQ(Entry->Origin, Origins[Entry->Owners.front()]) << Name;
  }
}

TEST(RegistryStress, EightThreadsInvariantsEveryRound) {
  Registry R;
  std::vector<ThreadLog> Logs(NumThreads);
  for (unsigned Round = 0; Round < NumRounds; ++Round) {
    std::vector<std::thread> Pool;
    for (unsigned T = 0; T < NumThreads; ++T)
      Pool.emplace_back([&, T] { runRound(R, Logs[T], T, Round); });
    for (std::thread &Th : Pool)
      Th.join();
    checkInvariants(R, Logs, Round);
    if (HasFailure())
      return;
  }
  unsigned Admitted = 0, Rejected = 0, Removed = 0;
  for (ThreadLog &Log : Logs) {
    Admitted += Log.Admitted;
    Rejected += Log.Rejected;
    Removed += Log.Removed;
    for (const LiveObject &O : Log.Live)
      EXPECT_TRUE(R.remove(O.Handle));
    Log.Live.clear();
  }
  // Both outcomes and removals happened, and everything is gone at the end.
  EXPECT_GT(Admitted, 0u);
  EXPECT_GT(Rejected, 0u);
  EXPECT_GT(Removed, 0u);
  EXPECT_EQ(R.numObjects(), 0u);
  EXPECT_EQ(R.numSymbols(), 0u);
  checkInvariants(R, Logs, NumRounds);
}

} // namespace
