//===- FingerprintTest.cpp - Unit tests for object fingerprints ----------===//
//
// Objects are built in memory from ELF YAML, so each test controls exactly
// the bytes, relocations and constant-pool layout it is about. Property
// tests vary one ingredient at a time over random inputs: anything the
// linker would bind differently must change the digest, and layout that
// does not change the program must not. A mutation test feeds damaged
// objects and only requires that nothing crashes.
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Check/Fingerprint.h"
#include "uniqlink/Compat/Support.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ObjectYAML/yaml2obj.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/YAMLTraits.h"
#include "gtest/gtest.h"
#include <random>

using namespace llvm;
using namespace uniqlink;

namespace {

/// What a test object is made of: one weak function "helper" whose single
/// relocation (at offset 4) points either at a global by name or into an
/// 8-byte constant pool.
struct Recipe {
  std::string Code = "f20f590500000000c3"; // mulsd 0(%rip), %xmm0; ret
  bool Local = true;
  std::string Global = "ext";
  int64_t Addend = -4;
  /// Constant-pool entries; the relocation uses entry PoolIndex.
  std::vector<std::string> Pool = {"9a9999999999f13f"};
  unsigned PoolIndex = 0;
  std::string Type = "STT_FUNC";
  std::string Binding = "STB_WEAK";
};

SmallVector<char, 0> buildObject(const Recipe &R) {
  std::string Pool;
  for (const std::string &E : R.Pool)
    Pool += E;
  std::string Reloc =
      R.Local ? formatv("        Symbol: .rodata.cst8\n        Addend: {0}\n",
                        R.Addend + 8 * int64_t(R.PoolIndex))
                    .str()
              : formatv("        Symbol: {0}\n        Addend: {1}\n", R.Global,
                        R.Addend)
                    .str();
  std::string Yaml = formatv(R"(--- !ELF
FileHeader:
  Class: ELFCLASS64
  Data: ELFDATA2LSB
  Type: ET_REL
  Machine: EM_X86_64
Sections:
  - Name: .text
    Type: SHT_PROGBITS
    Flags: [ SHF_ALLOC, SHF_EXECINSTR ]
    Content: "{0}"
  - Name: .rodata.cst8
    Type: SHT_PROGBITS
    Flags: [ SHF_ALLOC, SHF_MERGE ]
    EntSize: 8
    Content: "{1}"
  - Name: .rela.text
    Type: SHT_RELA
    Info: .text
    Relocations:
      - Offset: 4
        Type: R_X86_64_PC32
{2}Symbols:
  - Name: .rodata.cst8
    Type: STT_SECTION
    Section: .rodata.cst8
  - Name: helper
    Type: {3}
    Section: .text
    Binding: {4}
    Size: {5}
  - Name: {6}
    Binding: STB_GLOBAL
)",
                             R.Code, Pool, Reloc, R.Type, R.Binding,
                             R.Code.size() / 2, R.Global)
                         .str();
  SmallVector<char, 0> Out;
  raw_svector_ostream OS(Out);
  yaml::Input YIn(Yaml);
  bool OK = yaml::convertYAML(
      YIn, OS, [](const Twine &Msg) { ADD_FAILURE() << Msg.str(); });
  EXPECT_TRUE(OK);
  return Out;
}

Expected<ObjectFingerprint> fingerprint(ArrayRef<char> Bytes) {
  return fingerprintObjectBuffer(
      MemoryBufferRef(StringRef(Bytes.data(), Bytes.size()), "test.o"),
      "test.o");
}

const SymbolFingerprint &helper(const ObjectFingerprint &FP) {
  for (const SymbolFingerprint &S : FP.Symbols)
    if (S.Name == "helper")
      return S;
  static SymbolFingerprint None;
  ADD_FAILURE() << "no helper";
  return None;
}

uint64_t digest(const Recipe &R) {
  SmallVector<char, 0> Obj = buildObject(R);
  auto FP = fingerprint(Obj);
  if (!FP) {
    ADD_FAILURE() << toString(FP.takeError());
    return 0;
  }
  return helper(*FP).Hash;
}

std::string randomHex(std::mt19937 &Rng, unsigned Bytes) {
  std::string S;
  for (unsigned I = 0; I < Bytes; ++I)
    S += formatv("{0:x2}", unsigned(Rng() & 0xff)).str().substr(2);
  return S;
}

TEST(Fingerprint, DefinedSymbolsOnly) {
  SmallVector<char, 0> Obj = buildObject(Recipe());
  auto FP = fingerprint(Obj);
  ASSERT_TRUE(bool(FP)) << toString(FP.takeError());
  ASSERT_EQ(FP->Symbols.size(), 1u); // "ext" is undefined.
  const SymbolFingerprint &S = FP->Symbols[0];
  EXPECT_EQ(S.Name, "helper");
  EXPECT_EQ(S.Kind, SymbolKind::Function);
  EXPECT_EQ(S.Binding, SymbolBinding::Weak);
  EXPECT_EQ(S.Size, 9u);
  ASSERT_EQ(S.Relocs.size(), 1u);
  EXPECT_TRUE(S.Relocs[0].TargetIsLocal);
  EXPECT_EQ(S.Relocs[0].TypeName, "R_X86_64_PC32");
  EXPECT_EQ(S.Relocs[0].Local.Bytes.size(), 8u);
  EXPECT_EQ(S.Relocs[0].Local.Bytes[0], 0x9a);
}

TEST(Fingerprint, ConstantPoolContentCounts) {
  Recipe A, B;
  B.Pool = {"cdcccccccccc f43f"};
  B.Pool[0].erase(B.Pool[0].find(' '), 1);
  EXPECT_NE(digest(A), digest(B));
  SmallVector<char, 0> OA = buildObject(A), OB = buildObject(B);
  auto FA = fingerprint(OA), FB = fingerprint(OB);
  ASSERT_TRUE(FA && FB);
  Difference D = firstDifference(helper(*FA), helper(*FB));
  EXPECT_EQ(D.What, Difference::LocalData);
  EXPECT_EQ(D.Offset, 0u);
  EXPECT_EQ(D.RelocIndex, 0u);
}

TEST(Fingerprint, ConstantPoolLayoutDoesNotCount) {
  // The same constant at a different place in the pool, next to unrelated
  // constants: the same program.
  Recipe A, B;
  B.Pool = {"0000000000000000", "1111111111111111", A.Pool[0]};
  B.PoolIndex = 2;
  EXPECT_EQ(digest(A), digest(B));
}

TEST(Fingerprint, IdenticalObjectsIdenticalDigests) {
  std::mt19937 Rng(42);
  for (int I = 0; I < 20; ++I) {
    Recipe R;
    R.Code = "f20f590500000000" + randomHex(Rng, 1 + Rng() % 12);
    R.Pool = {randomHex(Rng, 8)};
    EXPECT_EQ(digest(R), digest(R));
  }
}

/// Property: changing any one ingredient changes the digest.
TEST(Fingerprint, EveryIngredientCounts) {
  std::mt19937 Rng(1234);
  for (int I = 0; I < 25; ++I) {
    Recipe Base;
    Base.Code = "f20f590500000000" + randomHex(Rng, 1 + Rng() % 12);
    Base.Pool = {randomHex(Rng, 8)};
    uint64_t H = digest(Base);

    Recipe Code = Base; // One byte of code (not in the fixup).
    size_t Pos = 16 + 2 * (Rng() % ((Code.Code.size() - 16) / 2));
    Code.Code[Pos] = Code.Code[Pos] == '0' ? '1' : '0';
    EXPECT_NE(H, digest(Code)) << "code byte";

    Recipe Pool = Base; // One byte of the constant.
    char &C = Pool.Pool[0][2 * (Rng() % 8)];
    C = C == '0' ? '1' : '0';
    EXPECT_NE(H, digest(Pool)) << "pool byte";

    Recipe Kind = Base;
    Kind.Type = "STT_OBJECT";
    EXPECT_NE(H, digest(Kind)) << "kind";

    Recipe Named = Base, Named2 = Base; // Target by name, and its addend.
    Named.Local = Named2.Local = false;
    Named2.Global = "other";
    EXPECT_NE(digest(Named), digest(Named2)) << "target name";
    Recipe Named3 = Named;
    Named3.Addend = Named.Addend + 8;
    EXPECT_NE(digest(Named), digest(Named3)) << "addend";
    EXPECT_NE(H, digest(Named)) << "local vs global target";
  }
}

TEST(Fingerprint, BindingIsNotPartOfTheDigest) {
  Recipe A, B;
  B.Binding = "STB_GLOBAL";
  EXPECT_EQ(digest(A), digest(B));
}

TEST(Fingerprint, DifferenceExplainsBytes) {
  SymbolFingerprint A, B;
  A.Bytes = {1, 2, 3};
  B.Bytes = {1, 2, 4};
  A.Hash = 1;
  B.Hash = 2;
  Difference D = firstDifference(A, B);
  EXPECT_EQ(D.What, Difference::Bytes);
  EXPECT_EQ(D.Offset, 2u);
  EXPECT_EQ(D.describe(), "byte +0x2: 0x03 vs 0x04");
  EXPECT_EQ(firstDifference(A, A).What, Difference::None);
}

TEST(Fingerprint, NotAnObject) {
  StringRef Junk = "definitely not an object file";
  auto FP = fingerprintObjectBuffer(MemoryBufferRef(Junk, "junk"), "junk.o");
  ASSERT_FALSE(bool(FP));
  EXPECT_TRUE(
      uniqlink::compat::startsWith(toString(FP.takeError()), "junk.o: "));
}

/// Damaged objects: every byte position flipped, plus random multi-byte
/// damage and truncations. Nothing may crash; results must be a value or an
/// Error naming the origin.
TEST(Fingerprint, DamagedObjectsNeverCrash) {
  SmallVector<char, 0> Good = buildObject(Recipe());
  std::mt19937 Rng(7);
  auto Try = [&](const SmallVector<char, 0> &Bytes) {
    auto FP = fingerprint(Bytes);
    if (!FP)
      EXPECT_TRUE(
          uniqlink::compat::startsWith(toString(FP.takeError()), "test.o: "));
  };
  for (size_t I = 0; I < Good.size(); ++I) {
    SmallVector<char, 0> Bad = Good;
    Bad[I] ^= 0xff;
    Try(Bad);
  }
  for (int I = 0; I < 2000; ++I) {
    SmallVector<char, 0> Bad = Good;
    for (int K = 0, N = 1 + Rng() % 8; K < N; ++K)
      Bad[Rng() % Bad.size()] = char(Rng());
    if (Rng() % 4 == 0)
      Bad.resize(Rng() % Bad.size());
    Try(Bad);
  }
}

} // namespace
