//===- uniqlink/Compat/Support.h - ADT and Support shims --------*- C++ -*-===//
//
// Every difference between the LLVM majors uniqlink builds against (14, 15,
// 16, 19, 22) lives in uniqlink/Compat/, so the rest of the code reads as if
// there were one LLVM. Each shim is a small inline function or alias named
// after what it does, not after the version that needs it. One header per
// layer, so that a library includes only the LLVM headers of its own layer:
// Support.h (ADT, Support), IR.h, Passes.h (pass plugins), ORC.h.
//
// This one: hashing, StringRef, containers, optionals.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_COMPAT_SUPPORT_H
#define UNIQLINK_COMPAT_SUPPORT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/xxhash.h"
#include <algorithm>
#include <cstdint>
#include <optional>
#include <type_traits>

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

/// True if \p S begins with \p Prefix. StringRef spells this starts_with
/// from LLVM 16 and startswith up to 15 (deprecated in 18, gone in 20).
inline bool startsWith(llvm::StringRef S, llvm::StringRef Prefix) {
  return S.size() >= Prefix.size() && S.take_front(Prefix.size()) == Prefix;
}

/// True if \p S ends with \p Suffix (ends_with / endswith, as startsWith).
inline bool endsWith(llvm::StringRef S, llvm::StringRef Suffix) {
  return S.size() >= Suffix.size() && S.take_back(Suffix.size()) == Suffix;
}

/// Removes every element equal to \p V from \p C (llvm::erase from LLVM 17,
/// llvm::erase_value before).
template <typename ContainerT, typename ValueT>
void eraseValue(ContainerT &C, const ValueT &V) {
  C.erase(std::remove(C.begin(), C.end(), V), C.end());
}

/// \p O as a std::optional. Up to LLVM 15 many APIs (json::Object::getString,
/// ...) return llvm::Optional; later majors return std::optional.
template <typename OptionalT>
auto toStdOptional(const OptionalT &O)
    -> std::optional<std::decay_t<decltype(*O)>> {
  if (O)
    return *O;
  return std::nullopt;
}

} // namespace compat
} // namespace uniqlink

#endif // UNIQLINK_COMPAT_SUPPORT_H
