//===- JSONString.h - Text as a JSON string value ---------------*- C++ -*-===//
//
// Private to lib/Check. Names and messages come from object files and may
// be any bytes; a JSON string must be valid UTF-8, and json::Value would
// only borrow a StringRef. One conversion for every JSON the checker writes.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_LIB_CHECK_JSONSTRING_H
#define UNIQLINK_LIB_CHECK_JSONSTRING_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"
#include <string>

namespace uniqlink {

/// An owned, valid UTF-8 JSON string.
inline std::string utf8(llvm::StringRef S) {
  return llvm::json::isUTF8(S) ? S.str() : llvm::json::fixUTF8(S);
}

} // namespace uniqlink

#endif // UNIQLINK_LIB_CHECK_JSONSTRING_H
