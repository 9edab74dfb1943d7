//===- FormatBytesTest.cpp - The one byte encoder ------------------------===//
//
// uniqlink/Format/Bytes.h is what every hash is computed over, so its bytes
// must not depend on the host: fixed words are little-endian whatever the
// host's order, and ULEB128 is LLVM's ULEB128, byte for byte, at every
// length boundary and on generated values. A ByteRun writes exactly what
// the append functions write.
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Format/Bytes.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/LEB128.h"
#include "gtest/gtest.h"

#include <cstdint>
#include <random>
#include <vector>

using namespace llvm;
using namespace uniqlink;

namespace {

std::vector<uint8_t> bytesOf(const SmallVectorImpl<uint8_t> &Buf) {
  return std::vector<uint8_t>(Buf.begin(), Buf.end());
}

TEST(FormatBytes, Fixed64IsLittleEndianAndAppends) {
  SmallVector<uint8_t, 0> Buf;
  Buf.push_back(0xaa);
  appendFixed64(Buf, 0x0102030405060708ULL);
  EXPECT_EQ(bytesOf(Buf), (std::vector<uint8_t>{0xaa, 0x08, 0x07, 0x06, 0x05,
                                                0x04, 0x03, 0x02, 0x01}));
}

/// What LLVM's own encoder writes for \p V.
std::vector<uint8_t> llvmULEB128(uint64_t V) {
  uint8_t Bytes[16];
  unsigned N = encodeULEB128(V, Bytes);
  return std::vector<uint8_t>(Bytes, Bytes + N);
}

TEST(FormatBytes, ULEB128MatchesLLVMAtEveryLength) {
  std::vector<uint64_t> Values = {0, 1, 0x7f, 0x80, 0x3fff, 0x4000, ~0ULL};
  for (unsigned Bits = 7; Bits < 64; Bits += 7) {
    Values.push_back((1ULL << Bits) - 1);
    Values.push_back(1ULL << Bits);
  }
  std::mt19937_64 Rng(42);
  for (int I = 0; I < 1000; ++I)
    Values.push_back(Rng() >> (Rng() % 64));
  for (uint64_t V : Values) {
    SmallVector<uint8_t, 0> Buf;
    appendULEB128(Buf, V);
    EXPECT_EQ(bytesOf(Buf), llvmULEB128(V)) << V;
  }
}

TEST(FormatBytes, ULEB128Appends) {
  SmallVector<uint8_t, 0> Buf;
  appendULEB128(Buf, 5);
  appendULEB128(Buf, 300);
  EXPECT_EQ(bytesOf(Buf), (std::vector<uint8_t>{0x05, 0xac, 0x02}));
}

TEST(FormatBytes, RunWritesWhatAppendWritesAndGivesBackTheRest) {
  std::mt19937_64 Rng(7);
  for (int I = 0; I < 200; ++I) {
    SmallVector<uint8_t, 0> Appended, Run;
    Appended.push_back(0xaa);
    Run.push_back(0xaa);
    unsigned Items = Rng() % 6;
    {
      ByteRun R(Run, Items * MaxULEB128Bytes);
      for (unsigned J = 0; J != Items; ++J) {
        uint64_t V = Rng() >> (Rng() % 64);
        if (J % 2) {
          appendFixed64(Appended, V);
          R.fixed64(V);
        } else {
          appendULEB128(Appended, V);
          R.uleb(V);
        }
      }
      // The room is made up front, and only given back at the end.
      EXPECT_EQ(Run.size(), 1 + Items * MaxULEB128Bytes);
    }
    EXPECT_EQ(bytesOf(Run), bytesOf(Appended));
  }
}

} // namespace
