//===- Encoder.h - The byte string a fingerprint digest covers --*- C++ -*-===//
//
// A fingerprint's digest is the hash of a canonical byte string: tags,
// integers and length-prefixed strings. Integers are 8 bytes little-endian
// through the one encoder of uniqlink/Format/Bytes.h, so that a digest is a
// function of the object alone, not of the host that computed it.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_LIB_CHECK_ENCODER_H
#define UNIQLINK_LIB_CHECK_ENCODER_H

#include "uniqlink/Compat/Support.h"
#include "uniqlink/Format/Bytes.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>

namespace uniqlink {
namespace detail {

/// Appends integers and strings to a byte buffer to be hashed.
class Encoder {
public:
  void u8(uint8_t V) { Buf.push_back(V); }
  void u64(uint64_t V) { appendFixed64(Buf, V); }
  void str(llvm::StringRef S) {
    u64(S.size());
    Buf.append(S.begin(), S.end());
  }
  void bytes(llvm::ArrayRef<uint8_t> B) {
    u64(B.size());
    Buf.append(B.begin(), B.end());
  }
  void reserve(size_t N) { Buf.reserve(N); }
  void clear() { Buf.clear(); }
  uint64_t digest() const { return compat::hashBytes(Buf); }

private:
  llvm::SmallVector<uint8_t, 256> Buf;
};

} // namespace detail
} // namespace uniqlink

#endif // UNIQLINK_LIB_CHECK_ENCODER_H
