//===- RegistryTest.cpp - Unit tests for the symbol registry -------------===//
//
// The registry is tested on synthetic fingerprints (no objects needed):
// admission rules, atomic rejection, removal with shared owners, COMMON
// policies, the error text, a randomized comparison against a
// simple reference model, and a multi-threaded admit/remove stress test.
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Check/Registry.h"
#include "uniqlink/Check/Diagnostics.h"
#include "uniqlink/Compat/Support.h"
#include "gtest/gtest.h"
#include <atomic>
#include <map>
#include <random>
#include <set>
#include <thread>

using namespace llvm;
using namespace uniqlink;

namespace {

SymbolFingerprint sym(StringRef Name, uint64_t Hash,
                      SymbolKind Kind = SymbolKind::Function) {
  SymbolFingerprint S;
  S.Name = Name.str();
  S.Kind = Kind;
  S.Hash = Hash;
  S.Bytes = {uint8_t(Hash), uint8_t(Hash >> 8)};
  S.Size = 2;
  return S;
}

SymbolFingerprint common(StringRef Name, uint64_t Size, uint64_t Align) {
  SymbolFingerprint S;
  S.Name = Name.str();
  S.Kind = SymbolKind::Common;
  S.Size = Size;
  S.CommonAlign = Align;
  S.Hash = Size * 1000 + Align;
  return S;
}

ObjectFingerprint obj(StringRef Origin, std::vector<SymbolFingerprint> Syms) {
  ObjectFingerprint O;
  O.Origin = Origin.str();
  O.Symbols = std::move(Syms);
  return O;
}

/// A registry that keeps every definition's detail (the tests of the first
/// difference need both sides' bytes).
RegistryOptions detailed() {
  RegistryOptions O;
  O.KeepDetail = true;
  return O;
}

std::vector<Collision> collisionsOf(Error E) {
  std::vector<Collision> Out;
  Error Rest = takeCollisions(std::move(E), Out);
  EXPECT_FALSE(bool(Rest));
  consumeError(std::move(Rest));
  return Out;
}

TEST(Registry, AdmitsNewAndIdenticalDuplicates) {
  Registry R;
  auto A = R.admit(obj("a.o", {sym("f", 1), sym("g", 2)}));
  ASSERT_TRUE(bool(A));
  EXPECT_EQ(A->NewSymbols, 2u);
  auto B = R.admit(obj("b.o", {sym("f", 1), sym("h", 3)}));
  ASSERT_TRUE(bool(B));
  EXPECT_EQ(B->NewSymbols, 1u);
  EXPECT_EQ(B->DuplicateSymbols, 1u);
  EXPECT_NE(A->Handle, B->Handle);
  EXPECT_EQ(R.numSymbols(), 3u);
  EXPECT_EQ(R.numObjects(), 2u);
  EXPECT_EQ(R.lookup("f")->Origin, "a.o");
}

TEST(Registry, RejectsWholeObjectAndReportsEveryCollision) {
  Registry R(detailed());
  ASSERT_TRUE(bool(R.admit(obj("a.o", {sym("f", 1), sym("g", 2)}))));
  auto B = R.admit(obj("b.o", {sym("f", 9), sym("new", 5), sym("g", 8)}));
  ASSERT_FALSE(bool(B));
  std::vector<Collision> C = collisionsOf(B.takeError());
  ASSERT_EQ(C.size(), 2u);
  EXPECT_EQ(C[0].Name, "f");
  EXPECT_EQ(C[0].LoadedOrigin, "a.o");
  EXPECT_EQ(C[0].NewOrigin, "b.o");
  EXPECT_EQ(C[0].LoadedHash, 1u);
  EXPECT_EQ(C[0].NewHash, 9u);
  EXPECT_EQ(C[0].FirstDiff.What, Difference::Bytes);
  EXPECT_EQ(C[1].Name, "g");
  // Atomic: the new symbol of the rejected object is not registered.
  EXPECT_FALSE(R.lookup("new").has_value());
  EXPECT_EQ(R.numObjects(), 1u);
  EXPECT_TRUE(bool(R.admit(obj("c.o", {sym("new", 6)}))));
}

TEST(Registry, ReportFirstOnly) {
  RegistryOptions O;
  O.ReportAll = false;
  Registry R(O);
  ASSERT_TRUE(bool(R.admit(obj("a.o", {sym("f", 1), sym("g", 2)}))));
  auto B = R.admit(obj("b.o", {sym("f", 9), sym("g", 8)}));
  ASSERT_FALSE(bool(B));
  EXPECT_EQ(collisionsOf(B.takeError()).size(), 1u);
}

TEST(Registry, KindMismatchCollides) {
  Registry R;
  ASSERT_TRUE(bool(R.admit(obj("a.o", {sym("f", 1)}))));
  auto B = R.admit(obj("b.o", {sym("f", 1, SymbolKind::Data)}));
  ASSERT_FALSE(bool(B));
  EXPECT_EQ(collisionsOf(B.takeError())[0].FirstDiff.What, Difference::Kind);
}

TEST(Registry, ErrorMessageNamesEverything) {
  Registry R(detailed());
  ASSERT_TRUE(bool(R.admit(obj("a.o", {sym("_ZN2ns3fooEv", 1)}))));
  auto B = R.admit(obj("b.o", {sym("_ZN2ns3fooEv", 2)}));
  ASSERT_FALSE(bool(B));
  std::string Msg = toString(B.takeError());
  EXPECT_NE(Msg.find("b.o: refused"), std::string::npos) << Msg;
  EXPECT_NE(Msg.find("ns::foo()"), std::string::npos) << Msg;
  EXPECT_NE(Msg.find("_ZN2ns3fooEv"), std::string::npos) << Msg;
  EXPECT_NE(Msg.find("loaded: a.o"), std::string::npos) << Msg;
  EXPECT_NE(Msg.find(formatDigest(1)), std::string::npos) << Msg;
  EXPECT_NE(Msg.find(formatDigest(2)), std::string::npos) << Msg;
  EXPECT_NE(Msg.find("first difference: byte +0x0"), std::string::npos) << Msg;
}

TEST(Registry, WithoutDetailTheLoadedSideIsDescribedByItsEntry) {
  Registry R;
  ASSERT_TRUE(bool(R.admit(obj("a.o", {sym("f", 1), sym("g", 2)}))));
  SymbolFingerprint Longer = sym("g", 3);
  Longer.Size = 4;
  auto B = R.admit(obj("b.o", {sym("f", 9), Longer}));
  ASSERT_FALSE(bool(B));
  std::vector<Collision> C = collisionsOf(B.takeError());
  ASSERT_EQ(C.size(), 2u);
  // Same extent: the entry cannot say which byte differs.
  EXPECT_EQ(C[0].FirstDiff.What, Difference::Unexplained);
  EXPECT_EQ(C[0].LoadedHash, 1u);
  EXPECT_EQ(C[0].LoadedOrigin, "a.o");
  // The extent is kept.
  EXPECT_EQ(C[1].FirstDiff.What, Difference::Size);
  EXPECT_FALSE(R.lookup("f")->Detail.has_value());
  // A loader that has both objects explains the first one in full.
  explainCollisions(C, obj("a.o", {sym("f", 1), sym("g", 2)}),
                    obj("b.o", {sym("f", 9), Longer}));
  EXPECT_EQ(C[0].FirstDiff.What, Difference::Bytes);
  // ... but not with fingerprints of other definitions.
  std::vector<Collision> D =
      collisionsOf(R.admit(obj("b.o", {sym("f", 9)})).takeError());
  explainCollisions(D, obj("a.o", {sym("f", 5)}), obj("b.o", {sym("f", 9)}));
  EXPECT_EQ(D[0].FirstDiff.What, Difference::Unexplained);
}

TEST(Registry, KeepDetailKeepsTheFirstDefinition) {
  Registry R(detailed());
  ASSERT_TRUE(bool(R.admit(obj("a.o", {sym("f", 1)}))));
  auto E = R.lookup("f");
  ASSERT_TRUE(E && E->Detail);
  EXPECT_EQ(E->Detail->Bytes, sym("f", 1).Bytes);
}

TEST(Registry, OriginFollowsTheEarliestRemainingOwner) {
  Registry R;
  auto A = R.admit(obj("a.o", {sym("f", 1)}));
  auto B = R.admit(obj("b.o", {sym("f", 1)}));
  auto C = R.admit(obj("c.o", {sym("f", 1)}));
  ASSERT_TRUE(A && B && C);
  EXPECT_EQ(R.lookup("f")->Owners,
            (std::vector<ObjectHandle>{A->Handle, B->Handle, C->Handle}));
  EXPECT_TRUE(R.remove(A->Handle));
  EXPECT_EQ(R.lookup("f")->Origin, "b.o");
  EXPECT_EQ(collisionsOf(R.admit(obj("x.o", {sym("f", 2)})).takeError())[0]
                .LoadedOrigin,
            "b.o");
  EXPECT_TRUE(R.remove(C->Handle));
  EXPECT_EQ(R.lookup("f")->Owners, std::vector<ObjectHandle>{B->Handle});
  EXPECT_TRUE(R.remove(B->Handle));
  EXPECT_EQ(R.numSymbols(), 0u);
}

TEST(Registry, CheckDoesNotRecord) {
  Registry R;
  ASSERT_TRUE(bool(R.check(obj("a.o", {sym("f", 1)}))));
  EXPECT_EQ(R.numSymbols(), 0u);
}

TEST(Registry, RemoveKeepsNamesWithOtherOwners) {
  Registry R;
  auto A = R.admit(obj("a.o", {sym("f", 1), sym("only_a", 2)}));
  auto C = R.admit(obj("c.o", {sym("f", 1)}));
  ASSERT_TRUE(A && C);
  EXPECT_TRUE(R.remove(A->Handle));
  EXPECT_FALSE(R.remove(A->Handle));
  EXPECT_FALSE(R.lookup("only_a").has_value());
  ASSERT_TRUE(R.lookup("f").has_value());
  EXPECT_EQ(R.lookup("f")->Origin, "c.o");
  auto B = R.admit(obj("b.o", {sym("f", 9)}));
  ASSERT_FALSE(bool(B));
  EXPECT_EQ(collisionsOf(B.takeError())[0].LoadedOrigin, "c.o");
  EXPECT_EQ(R.removeOrigin("c.o"), 1u);
  EXPECT_EQ(R.numSymbols(), 0u);
  EXPECT_TRUE(bool(R.admit(obj("b.o", {sym("f", 9)}))));
}

TEST(Registry, CommonPolicies) {
  for (CommonPolicy P :
       {CommonPolicy::Accept, CommonPolicy::Warn, CommonPolicy::Reject}) {
    RegistryOptions O;
    O.Common = P;
    Registry R(O);
    ASSERT_TRUE(bool(R.admit(obj("a.o", {common("buf", 16, 4)}))));
    ASSERT_TRUE(bool(R.admit(obj("same.o", {common("buf", 16, 4)}))));
    auto B = R.admit(obj("b.o", {common("buf", 32, 16)}));
    if (P == CommonPolicy::Reject) {
      ASSERT_FALSE(bool(B));
      std::vector<Collision> C = collisionsOf(B.takeError());
      ASSERT_EQ(C.size(), 1u);
      EXPECT_TRUE(C[0].IsCommon);
      EXPECT_EQ(C[0].FirstDiff.What, Difference::Size);
      continue;
    }
    ASSERT_TRUE(bool(B));
    EXPECT_EQ(B->Warnings.size(), P == CommonPolicy::Warn ? 1u : 0u);
  }
}

TEST(Registry, JSONCarriesTheData) {
  Registry R(detailed());
  ASSERT_TRUE(bool(R.admit(obj("a.o", {sym("f", 1)}))));
  auto B = R.admit(obj("b.o", {sym("f", 2)}));
  ASSERT_FALSE(bool(B));
  json::Value V = toJSON(collisionsOf(B.takeError())[0]);
  const json::Object *O = V.getAsObject();
  ASSERT_TRUE(O);
  EXPECT_EQ(compat::toStdOptional(O->getString("loaded_object")), "a.o");
  EXPECT_EQ(compat::toStdOptional(O->getString("new_object")), "b.o");
  EXPECT_EQ(compat::toStdOptional(O->getString("new_fingerprint")),
            formatDigest(2));
  EXPECT_EQ(compat::toStdOptional(
                O->getObject("first_difference")->getString("kind")),
            "bytes");
}

/// Property: a random sequence of admits and removes behaves like a simple
/// reference model (name -> hash with owner sets).
TEST(Registry, MatchesReferenceModel) {
  std::mt19937 Rng(99);
  for (int Round = 0; Round < 20; ++Round) {
    Registry R;
    std::map<std::string, std::pair<uint64_t, std::set<ObjectHandle>>> Model;
    std::map<ObjectHandle, std::vector<SymbolFingerprint>> Live;
    for (int Step = 0; Step < 300; ++Step) {
      if (!Live.empty() && Rng() % 3 == 0) {
        auto It = std::next(Live.begin(), Rng() % Live.size());
        ASSERT_TRUE(R.remove(It->first));
        for (const SymbolFingerprint &S : It->second) {
          auto &E = Model[S.Name];
          E.second.erase(It->first);
          if (E.second.empty())
            Model.erase(S.Name);
        }
        Live.erase(It);
        continue;
      }
      std::vector<SymbolFingerprint> Syms;
      std::set<std::string> Names;
      for (int K = 0, N = 1 + Rng() % 4; K < N; ++K) {
        std::string Name = "s" + std::to_string(Rng() % 12);
        if (Names.insert(Name).second)
          Syms.push_back(sym(Name, Rng() % 2));
      }
      bool Expect = true;
      for (const SymbolFingerprint &S : Syms) {
        auto It = Model.find(S.Name);
        if (It != Model.end() && It->second.first != S.Hash)
          Expect = false;
      }
      auto Res = R.admit(obj("o", Syms));
      ASSERT_EQ(bool(Res), Expect);
      if (!Res) {
        consumeError(Res.takeError());
        continue;
      }
      for (const SymbolFingerprint &S : Syms) {
        auto &E = Model[S.Name];
        E.first = S.Hash;
        E.second.insert(Res->Handle);
      }
      Live[Res->Handle] = Syms;
    }
    ASSERT_EQ(R.numSymbols(), Model.size());
    for (const auto &[Name, E] : Model)
      ASSERT_EQ(R.lookup(Name)->Hash, E.first);
    // Owners, earliest first, as the model has them (handles increase).
    for (const auto &[Name, E] : Model) {
      std::vector<ObjectHandle> Owners(E.second.begin(), E.second.end());
      ASSERT_EQ(R.lookup(Name)->Owners, Owners) << Name;
    }
  }
}

/// Many threads admit and remove objects over a small shared name space,
/// with conflicting variants. Invariants: an admitted object's definitions
/// are visible with its digests until it is removed; every name's
/// registered digest is the one its current owners loaded; at the end,
/// after removing everything, the registry is empty.
TEST(Registry, ConcurrentAdmitRemoveStress) {
  Registry R;
  constexpr int Threads = 8, Iterations = 3000;
  std::atomic<unsigned> Accepted{0}, Rejected{0}, Failures{0};
  std::vector<std::thread> Pool;
  for (int T = 0; T < Threads; ++T)
    Pool.emplace_back([&, T] {
      std::mt19937 Rng(T);
      std::vector<std::pair<ObjectHandle, std::vector<SymbolFingerprint>>> Mine;
      for (int I = 0; I < Iterations; ++I) {
        if (!Mine.empty() && Rng() % 2) {
          size_t K = Rng() % Mine.size();
          for (const SymbolFingerprint &S : Mine[K].second) {
            auto E = R.lookup(S.Name);
            if (!E || E->Hash != S.Hash)
              ++Failures;
          }
          if (!R.remove(Mine[K].first))
            ++Failures;
          Mine.erase(Mine.begin() + K);
          continue;
        }
        std::vector<SymbolFingerprint> Syms;
        std::set<std::string> Names;
        for (int K = 0, N = 1 + Rng() % 5; K < N; ++K) {
          std::string Name = "sym" + std::to_string(Rng() % 40);
          if (Names.insert(Name).second)
            Syms.push_back(sym(Name, Rng() % 3));
        }
        auto Res = R.admit(obj("t" + std::to_string(T), Syms));
        if (!Res) {
          consumeError(Res.takeError());
          ++Rejected;
          continue;
        }
        ++Accepted;
        Mine.push_back({Res->Handle, std::move(Syms)});
      }
      for (auto &[H, Syms] : Mine)
        if (!R.remove(H))
          ++Failures;
    });
  for (std::thread &Th : Pool)
    Th.join();
  EXPECT_EQ(Failures.load(), 0u);
  EXPECT_GT(Accepted.load(), 0u);
  EXPECT_GT(Rejected.load(), 0u);
  EXPECT_EQ(R.numSymbols(), 0u);
  EXPECT_EQ(R.numObjects(), 0u);
}

} // namespace
