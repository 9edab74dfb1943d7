//===- CarveTest.cpp - Unit tests for finding embedded objects -----------===//
//
// Objects embedded at odd offsets between junk are found at their offsets
// with their exact extent (so they fingerprint like the original), several
// objects in one buffer are all found, and random junk yields nothing.
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Check/Carve.h"
#include "uniqlink/Check/Fingerprint.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ObjectYAML/yaml2obj.h"
#include "llvm/Support/YAMLTraits.h"
#include "gtest/gtest.h"
#include <random>

using namespace llvm;
using namespace uniqlink;

namespace {

std::string elfObject(StringRef Code) {
  std::string Yaml = (R"(--- !ELF
FileHeader:
  Class: ELFCLASS64
  Data: ELFDATA2LSB
  Type: ET_REL
  Machine: EM_X86_64
Sections:
  - Name: .text
    Type: SHT_PROGBITS
    Flags: [ SHF_ALLOC, SHF_EXECINSTR ]
    Content: ")" + Code +
                      R"("
Symbols:
  - Name: f
    Type: STT_FUNC
    Section: .text
    Binding: STB_WEAK
    Size: 1
)")
                         .str();
  std::string Out;
  raw_string_ostream OS(Out);
  yaml::Input YIn(Yaml);
  EXPECT_TRUE(yaml::convertYAML(
      YIn, OS, [](const Twine &Msg) { ADD_FAILURE() << Msg.str(); }));
  OS.flush();
  return Out;
}

uint64_t digestOf(MemoryBufferRef Buf) {
  auto FP = fingerprintObjectBuffer(Buf, "carved");
  if (!FP) {
    ADD_FAILURE() << toString(FP.takeError());
    return 0;
  }
  EXPECT_EQ(FP->Symbols.size(), 1u);
  return FP->Symbols.empty() ? 0 : FP->Symbols[0].Hash;
}

TEST(Carve, FindsObjectsBetweenJunk) {
  std::string A = elfObject("c3"), B = elfObject("90");
  std::string Junk1 = "\x80\x04\x95pickle\x7f"
                      "EL\x00",
              Junk2 = "...\x7f"
                      "ELFnot-really",
              Junk3 = "tail";
  std::string Buf = Junk1 + A + Junk2 + B + Junk3;
  std::vector<CarvedObject> Found =
      carveObjects(MemoryBufferRef(Buf, "cache.nbc"));
  ASSERT_EQ(Found.size(), 2u);
  EXPECT_EQ(Found[0].Offset, Junk1.size());
  EXPECT_EQ(Found[0].Buffer.getBufferSize(), A.size());
  EXPECT_EQ(Found[1].Offset, Junk1.size() + A.size() + Junk2.size());
  EXPECT_EQ(Found[1].Buffer.getBufferSize(), B.size());
  EXPECT_EQ(Found[0].Name,
            "cache.nbc@0x" + utohexstr(Junk1.size(), /*LowerCase=*/true));
  EXPECT_EQ(digestOf(Found[0].Buffer), digestOf(MemoryBufferRef(A, "a")));
  EXPECT_EQ(digestOf(Found[1].Buffer), digestOf(MemoryBufferRef(B, "b")));
  EXPECT_NE(digestOf(Found[0].Buffer), digestOf(Found[1].Buffer));
}

TEST(Carve, TruncatedObjectIsNotFound) {
  std::string A = elfObject("c3");
  std::string Buf = "junk" + A.substr(0, A.size() - 8);
  EXPECT_TRUE(carveObjects(MemoryBufferRef(Buf, "x")).empty());
}

TEST(Carve, RandomJunkYieldsNothing) {
  std::mt19937 Rng(5);
  for (int I = 0; I < 50; ++I) {
    std::string Buf(4096, '\0');
    for (char &C : Buf)
      C = char(Rng());
    // Plant magics so the parsers are exercised.
    Buf.replace(100, 4,
                "\x7f"
                "ELF");
    Buf.replace(900, 4, "\xcf\xfa\xed\xfe");
    Buf.replace(2000, 2, "\x64\x86");
    EXPECT_TRUE(carveObjects(MemoryBufferRef(Buf, "junk")).empty());
  }
}

} // namespace
