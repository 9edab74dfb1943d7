//===- uniqlink/Format/SymbolName.h - Renamed symbol names ------*- C++ -*-===//
//
// The grammar of the names unique-linkonce gives, shared by the pass that
// builds them, the checker and the C API that recognise them:
//
//   renamed := original ".__ul." part ("." part)?
//   part    := decimal digits
//
// `<original>.__ul.<hash>` (hash mode), `<original>.__ul.<uuid>` (uuid
// mode), `<original>.__ul.<hash>.<uuid>` (hash+uuid). Every part is decimal
// so that both GNU c++filt and llvm-cxxfilt demangle the name as a clone
// suffix (`foo() [clone .__ul.123.456]`). The original never contains
// `.__ul.`: the pass does not rename a name that does, so the first `.__ul.`
// in a name separates the two. Later tools may append their own clone
// suffixes (`.cold.1`, `.llvm.123`) behind ours; parsing keeps them in the
// suffix.
//
// Header-only and free of IR, like Format/OdrTable.h.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_FORMAT_SYMBOLNAME_H
#define UNIQLINK_FORMAT_SYMBOLNAME_H

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>
#include <string>

namespace uniqlink {

/// The tag between the original name and the hash: `foo.__ul.123.456`.
inline constexpr llvm::StringLiteral RenameTag = "__ul";

/// A renamed symbol's name, split at its first `.__ul.`.
struct UniqueNameParts {
  /// The name before the rename.
  llvm::StringRef Original;
  /// What follows `.__ul.`: `<hash>`, `<uuid>` or `<hash>.<uuid>`, and
  /// whatever later tools appended.
  llvm::StringRef Suffix;
};

/// Splits \p Name if unique-linkonce gave it; std::nullopt otherwise.
inline std::optional<UniqueNameParts> splitUniqueName(llvm::StringRef Name) {
  // Name.find(".__ul."), without StringRef::find's per-call skip table (this
  // runs for every candidate of the pass): most names have no '.' at all.
  constexpr llvm::StringLiteral Infix = ".__ul.";
  for (size_t Dot = Name.find('.'); Dot != llvm::StringRef::npos;
       Dot = Name.find('.', Dot + 1))
    if (Name.substr(Dot, Infix.size()) == Infix)
      return UniqueNameParts{Name.take_front(Dot),
                             Name.drop_front(Dot + Infix.size())};
  return std::nullopt;
}

/// True if \p Name was given by unique-linkonce (it has a `.__ul.` infix).
inline bool isUniqueLinkonceName(llvm::StringRef Name) {
  return splitUniqueName(Name).has_value();
}

/// Appends `<Original>.__ul.<Hash>[.<UUID>]`, or `<Original>.__ul.<UUID>`
/// without a hash, to \p Out. \p UUID is decimal digits or empty (none); at
/// least one of \p Hash and \p UUID must be given.
inline void appendUniqueName(llvm::SmallVectorImpl<char> &Out,
                             llvm::StringRef Original,
                             std::optional<uint64_t> Hash,
                             llvm::StringRef UUID) {
  Out.reserve(Out.size() + Original.size() + RenameTag.size() + UUID.size() +
              24);
  Out.append(Original.begin(), Original.end());
  Out.push_back('.');
  Out.append(RenameTag.begin(), RenameTag.end());
  if (Hash) {
    // Decimal, two digits per division.
    static constexpr char Pairs[] = "00010203040506070809"
                                    "10111213141516171819"
                                    "20212223242526272829"
                                    "30313233343536373839"
                                    "40414243444546474849"
                                    "50515253545556575859"
                                    "60616263646566676869"
                                    "70717273747576777879"
                                    "80818283848586878889"
                                    "90919293949596979899";
    uint64_t H = *Hash;
    char Digits[24];
    char *End = Digits + sizeof(Digits), *P = End;
    while (H >= 100) {
      unsigned Pair = H % 100;
      H /= 100;
      *--P = Pairs[2 * Pair + 1];
      *--P = Pairs[2 * Pair];
    }
    if (H >= 10) {
      *--P = Pairs[2 * H + 1];
      *--P = Pairs[2 * H];
    } else {
      *--P = char('0' + H);
    }
    Out.push_back('.');
    Out.append(P, End);
  }
  if (!UUID.empty()) {
    Out.push_back('.');
    Out.append(UUID.begin(), UUID.end());
  }
}

/// appendUniqueName's name as a string.
inline std::string makeUniqueName(llvm::StringRef Original,
                                  std::optional<uint64_t> Hash,
                                  llvm::StringRef UUID) {
  llvm::SmallString<128> Name;
  appendUniqueName(Name, Original, Hash, UUID);
  return std::string(Name.str());
}

} // namespace uniqlink

#endif // UNIQLINK_FORMAT_SYMBOLNAME_H
