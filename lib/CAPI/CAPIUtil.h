//===- CAPIUtil.h - Helpers shared by the C API files -----------*- C++ -*-===//
//
// Message allocation and Error-to-message conversion for the C API.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_LIB_CAPI_CAPIUTIL_H
#define UNIQLINK_LIB_CAPI_CAPIUTIL_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace uniqlink {
namespace capi {

/// A malloc'ed, NUL-terminated copy of \p S for uniqlinkDisposeMessage.
char *makeMessage(llvm::StringRef S);

/// Consumes \p Err; stores its message in *OutError if OutError is set.
void setError(char **OutError, llvm::Error Err);

} // namespace capi
} // namespace uniqlink

#endif // UNIQLINK_LIB_CAPI_CAPIUTIL_H
