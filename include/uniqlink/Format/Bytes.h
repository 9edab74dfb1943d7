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
#include <cstdint>

namespace uniqlink {

/// Appends \p V as 8 little-endian bytes.
inline void appendFixed64(llvm::SmallVectorImpl<uint8_t> &Buf, uint64_t V) {
  // append, not resize: resize zero-fills first.
  uint8_t Bytes[sizeof(V)];
  llvm::support::endian::write64le(Bytes, V);
  Buf.append(Bytes, Bytes + sizeof(V));
}

/// Appends \p V as ULEB128 (1 byte below 128, at most 10), the bytes of
/// llvm::encodeULEB128. Written out so that the compiler inlines it whole:
/// the IR encoder calls it for nearly every item it writes.
inline void appendULEB128(llvm::SmallVectorImpl<uint8_t> &Buf, uint64_t V) {
  if (LLVM_LIKELY(V < 0x80)) {
    Buf.push_back(static_cast<uint8_t>(V));
    return;
  }
  uint8_t Bytes[10];
  unsigned N = 0;
  do {
    uint8_t Byte = V & 0x7f;
    V >>= 7;
    Bytes[N++] = V ? Byte | 0x80 : Byte;
  } while (V);
  Buf.append(Bytes, Bytes + N);
}

} // namespace uniqlink

#endif // UNIQLINK_FORMAT_BYTES_H
