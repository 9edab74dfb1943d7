//===- ContentHashPropertyTest.cpp - Generated content-hash properties ----===//
//
// The hand-written pairs in ContentHashTest.cpp check one respect each; this
// file checks the two central properties on a few hundred generated
// functions (random arithmetic chains with constants, fixed seed so every
// run sees the same functions):
//
//  * mutating any one constant always changes the hash (sensitivity), and
//  * renaming every local value and block never does (name independence),
//  * and distinct generated programs get distinct hashes.
//
//===----------------------------------------------------------------------===//
#include "HashTestUtil.h"

#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace llvm;
using namespace uniqlink;
using namespace uniqlink::test;

namespace {

/// One operand: an argument, an earlier instruction, or a constant.
struct Operand {
  enum Kind { Arg, Inst, Const } K;
  int64_t V; // argument index, instruction index, or constant value
};

struct Instr {
  unsigned Op; // index into Opcodes
  Operand L, R;
};

/// A function `i32 @fn(i32 ...)`: a chain of binary operations, with an
/// optional compare-and-select at the end, returning the last value.
struct GenFunction {
  unsigned NumArgs;
  std::vector<Instr> Body;
  bool Select; // end with `select (icmp slt last, K), last, other`
  int64_t SelectConst;
};

const char *const Opcodes[] = {"add",     "sub",     "mul", "xor",
                               "and",     "or",      "shl", "add nsw",
                               "sub nuw", "mul nsw", "lshr"};

/// Portable small random numbers: raw mt19937 output, not a distribution
/// (distributions differ between standard libraries).
struct Rng {
  std::mt19937 Engine;
  explicit Rng(uint32_t Seed) : Engine(Seed) {}
  uint32_t below(uint32_t N) { return Engine() % N; }
  int64_t constant() { return static_cast<int64_t>(below(201)) - 100; }
};

GenFunction generate(Rng &R) {
  GenFunction F;
  F.NumArgs = 1 + R.below(3);
  unsigned Len = 2 + R.below(10);
  for (unsigned I = 0; I != Len; ++I) {
    auto Pick = [&]() -> Operand {
      switch (R.below(3)) {
      case 0:
        return {Operand::Arg, R.below(F.NumArgs)};
      case 1:
        if (I)
          return {Operand::Inst, R.below(I)};
        return {Operand::Arg, R.below(F.NumArgs)};
      default:
        return {Operand::Const, R.constant()};
      }
    };
    Instr In{static_cast<unsigned>(R.below(std::size(Opcodes))), Pick(),
             Pick()};
    // Keep every instruction meaningful: at least one non-constant operand
    // (constant folding is not the hash's business, but a chain of
    // constants is a dull test).
    if (In.L.K == Operand::Const && In.R.K == Operand::Const)
      In.L = {Operand::Arg, R.below(F.NumArgs)};
    F.Body.push_back(In);
  }
  // Guarantee at least one constant to mutate.
  bool HasConst = false;
  for (const Instr &In : F.Body)
    HasConst |= In.L.K == Operand::Const || In.R.K == Operand::Const;
  if (!HasConst)
    F.Body.back().R = {Operand::Const, R.constant()};
  F.Select = R.below(2);
  F.SelectConst = R.constant();
  return F;
}

/// Renders \p F as a module with one linkonce_odr function @fn. Locals are
/// named \p Prefix + number, blocks \p BlockPrefix + number; \p Numbered
/// uses unnamed (numbered) locals instead.
std::string render(const GenFunction &F, StringRef Prefix,
                   StringRef BlockPrefix, bool Numbered = false) {
  std::string S;
  raw_string_ostream OS(S);
  unsigned Next = 0;
  std::vector<std::string> ArgNames, InstNames;
  auto Fresh = [&](StringRef Kind) {
    std::string N = Numbered ? ("%" + Twine(Next)).str()
                             : ("%" + Prefix + Kind + Twine(Next)).str();
    ++Next;
    return N;
  };
  for (unsigned A = 0; A != F.NumArgs; ++A)
    ArgNames.push_back(Fresh("arg"));
  std::string Entry = Numbered ? "" : (BlockPrefix + "entry").str();
  if (Numbered)
    ++Next; // the unnamed entry block takes a number
  OS << "define linkonce_odr i32 @fn(";
  for (unsigned A = 0; A != F.NumArgs; ++A)
    OS << (A ? ", " : "") << "i32 " << ArgNames[A];
  OS << ") {\n";
  if (!Numbered)
    OS << Entry << ":\n";
  auto Print = [&](const Operand &O) {
    switch (O.K) {
    case Operand::Arg:
      OS << ArgNames[O.V];
      break;
    case Operand::Inst:
      OS << InstNames[O.V];
      break;
    case Operand::Const:
      OS << O.V;
      break;
    }
  };
  for (const Instr &In : F.Body) {
    std::string N = Fresh("v");
    OS << "  " << N << " = " << Opcodes[In.Op] << " i32 ";
    Print(In.L);
    OS << ", ";
    Print(In.R);
    OS << "\n";
    InstNames.push_back(N);
  }
  std::string Last = InstNames.back();
  if (F.Select) {
    std::string C = Fresh("cmp"), Sel = Fresh("sel");
    OS << "  " << C << " = icmp slt i32 " << Last << ", " << F.SelectConst
       << "\n  " << Sel << " = select i1 " << C << ", i32 " << Last << ", i32 "
       << ArgNames[0] << "\n";
    Last = Sel;
  }
  OS << "  ret i32 " << Last << "\n}\n";
  return OS.str();
}

/// Every constant of \p F, as (instruction, operand) positions; -1 is the
/// select constant.
std::vector<std::pair<int, int>> constantSlots(const GenFunction &F) {
  std::vector<std::pair<int, int>> Slots;
  for (size_t I = 0; I != F.Body.size(); ++I) {
    if (F.Body[I].L.K == Operand::Const)
      Slots.push_back({static_cast<int>(I), 0});
    if (F.Body[I].R.K == Operand::Const)
      Slots.push_back({static_cast<int>(I), 1});
  }
  if (F.Select)
    Slots.push_back({-1, 0});
  return Slots;
}

GenFunction mutate(GenFunction F, std::pair<int, int> Slot, int64_t Delta) {
  if (Slot.first < 0) {
    F.SelectConst += Delta;
    return F;
  }
  Instr &In = F.Body[Slot.first];
  (Slot.second ? In.R : In.L).V += Delta;
  return F;
}

constexpr unsigned NumFunctions = 300;

TEST(ContentHashProperty, ConstantMutationChangesRenamingKeeps) {
  Rng R(20261125);
  std::map<uint64_t, std::string> Seen; // hash -> canonical text
  unsigned Mutations = 0, Renamings = 0;
  for (unsigned N = 0; N != NumFunctions; ++N) {
    GenFunction F = generate(R);
    std::string Base = render(F, "", "");
    uint64_t H = hashOf(Base, "fn");

    // Distinct programs, distinct hashes (identical texts may repeat).
    auto [It, New] = Seen.try_emplace(H, Base);
    if (!New)
      EXPECT_EQ(It->second, Base) << "hash collision between programs";

    // Renaming every local and block never changes the hash.
    std::string Renamed = render(F, "t" + std::to_string(N) + ".", "bb.");
    EXPECT_EQ(H, hashOf(Renamed, "fn")) << Base << "\nvs\n" << Renamed;
    EXPECT_EQ(H, hashOf(render(F, "", "", /*Numbered=*/true), "fn")) << Base;
    Renamings += 2;

    // Mutating any one constant always changes it.
    for (std::pair<int, int> Slot : constantSlots(F)) {
      int64_t Delta = 1 + static_cast<int64_t>(R.below(50));
      if (R.below(2))
        Delta = -Delta;
      std::string Mutated = render(mutate(F, Slot, Delta), "", "");
      EXPECT_NE(H, hashOf(Mutated, "fn")) << Base << "\nvs\n" << Mutated;
      ++Mutations;
    }
    if (HasFailure())
      break; // one reported counterexample is enough
  }
  // The generator really exercised the properties.
  EXPECT_GE(Mutations, NumFunctions);
  EXPECT_EQ(Renamings, 2 * NumFunctions);
}

TEST(ContentHashProperty, OpcodeMutationChanges) {
  // Replacing one opcode (or toggling a wrap flag) changes the hash too.
  Rng R(7);
  for (unsigned N = 0; N != NumFunctions; ++N) {
    GenFunction F = generate(R);
    uint64_t H = hashOf(render(F, "", ""), "fn");
    GenFunction G = F;
    unsigned I = R.below(G.Body.size());
    G.Body[I].Op = (G.Body[I].Op + 1 + R.below(std::size(Opcodes) - 1)) %
                   std::size(Opcodes);
    EXPECT_NE(H, hashOf(render(G, "", ""), "fn"))
        << render(F, "", "") << "\nvs\n"
        << render(G, "", "");
    if (HasFailure())
      break;
  }
}

} // namespace
