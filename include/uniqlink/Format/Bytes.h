//===- uniqlink/Format/Bytes.h - The bytes hashes are made of ---*- C++ -*-===//
//
// Every hash and fingerprint uniqlink computes is a hash of a byte string
// built from integers and strings. This header is the one encoder of those
// integers, with one byte order, so that a hash is a function of content
// alone and not of the host that computed it:
//
//  * fixed-width words are little-endian (appendFixed64);
//  * small items may be ULEB128 (appendULEB128), as the IR encoder writes
//    them to keep its byte strings short.
//
// Free functions over any SmallVector of bytes: the IR encoder keeps its own
// buffers (it swaps them while it hashes metadata), the object side its own.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_FORMAT_BYTES_H
#define UNIQLINK_FORMAT_BYTES_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Compiler.h"
#include "llvm/Support/Endian.h"
#include <cassert>
#include <cstddef>
#include <cstdint>

namespace uniqlink {

/// The most bytes one item takes: 8 fixed, or 10 as ULEB128.
constexpr size_t MaxFixed64Bytes = 8;
constexpr size_t MaxULEB128Bytes = 10;

/// Writes \p V as 8 little-endian bytes at \p P; returns the end.
LLVM_ATTRIBUTE_ALWAYS_INLINE uint8_t *writeFixed64(uint8_t *P, uint64_t V) {
  llvm::support::endian::write64le(P, V);
  return P + MaxFixed64Bytes;
}

/// Writes \p V as ULEB128 at \p P (1 byte below 128, at most 10), the
/// bytes of llvm::encodeULEB128; returns the end. Written out so that the
/// compiler inlines it whole: the IR encoder writes nearly every item so.
LLVM_ATTRIBUTE_ALWAYS_INLINE uint8_t *writeULEB128(uint8_t *P, uint64_t V) {
  while (V >= 0x80) {
    *P++ = static_cast<uint8_t>(V | 0x80);
    V >>= 7;
  }
  *P++ = static_cast<uint8_t>(V);
  return P;
}

/// Appends \p V as 8 little-endian bytes.
inline void appendFixed64(llvm::SmallVectorImpl<uint8_t> &Buf, uint64_t V) {
  // append, not resize: resize zero-fills first.
  uint8_t Bytes[MaxFixed64Bytes];
  Buf.append(Bytes, writeFixed64(Bytes, V));
}

/// Appends \p V as ULEB128.
LLVM_ATTRIBUTE_ALWAYS_INLINE void
appendULEB128(llvm::SmallVectorImpl<uint8_t> &Buf, uint64_t V) {
  if (LLVM_LIKELY(V < 0x80)) {
    Buf.push_back(static_cast<uint8_t>(V));
    return;
  }
  uint8_t Bytes[MaxULEB128Bytes];
  Buf.append(Bytes, writeULEB128(Bytes, V));
}

/// Appends a run of items with one capacity check for the whole run, where
/// one per item would cost about as much as the item: room for \p MaxBytes
/// is made up front and what is left unwritten is given back at the end.
class ByteRun {
public:
  ByteRun(llvm::SmallVectorImpl<uint8_t> &Buf, size_t MaxBytes) : Buf(Buf) {
    size_t Size = Buf.size();
    Buf.resize_for_overwrite(Size + MaxBytes);
    P = Buf.data() + Size;
#ifndef NDEBUG
    End = P + MaxBytes;
#endif
  }
  ByteRun(const ByteRun &) = delete;
  ByteRun &operator=(const ByteRun &) = delete;
  ~ByteRun() { Buf.truncate(P - Buf.data()); }

  void uleb(uint64_t V) {
    assert(End - P >= static_cast<ptrdiff_t>(MaxULEB128Bytes) &&
           "run too short");
    P = writeULEB128(P, V);
  }
  void fixed64(uint64_t V) {
    assert(End - P >= static_cast<ptrdiff_t>(MaxFixed64Bytes) &&
           "run too short");
    P = writeFixed64(P, V);
  }

private:
  llvm::SmallVectorImpl<uint8_t> &Buf;
  uint8_t *P;
#ifndef NDEBUG
  uint8_t *End;
#endif
};

} // namespace uniqlink

#endif // UNIQLINK_FORMAT_BYTES_H
