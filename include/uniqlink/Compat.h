//===- uniqlink/Compat.h - LLVM version differences -------------*- C++ -*-===//
//
// Every difference between the LLVM majors uniqlink builds against (14, 15,
// 16, 19, 22) lives here, so the rest of the code reads as if there were one
// LLVM. Each shim is a small inline function or alias named after what it
// does, not after the version that needs it.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_COMPAT_H
#define UNIQLINK_COMPAT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/xxhash.h"
#include <cstdint>

namespace uniqlink {
namespace compat {

//===-- Hashing -----------------------------------------------------------===//

/// A fast, well-distributed 64-bit hash of a byte string.
inline uint64_t hashBytes(llvm::ArrayRef<uint8_t> Bytes) {
#if LLVM_VERSION_MAJOR >= 17
  return llvm::xxh3_64bits(Bytes);
#else
  return llvm::xxHash64(Bytes);
#endif
}

} // namespace compat
} // namespace uniqlink

#endif // UNIQLINK_COMPAT_H
