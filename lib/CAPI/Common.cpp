//===- Common.cpp - C API: version and messages ---------------------------===//
//
// The pieces of the C API every other part uses: the version string and the
// one allocator for messages handed to the caller (strdup/free, so a message
// can cross into any runtime that calls uniqlinkDisposeMessage).
//
//===----------------------------------------------------------------------===//

#include "CAPIUtil.h"
#include "uniqlink-c/uniqlink.h"
#include "uniqlink/Version.h"
#include <cstdlib>
#include <cstring>

char *uniqlink::capi::makeMessage(llvm::StringRef S) {
  char *M = static_cast<char *>(std::malloc(S.size() + 1));
  if (!M)
    return nullptr;
  std::memcpy(M, S.data(), S.size());
  M[S.size()] = '\0';
  return M;
}

void uniqlink::capi::setError(char **OutError, llvm::Error Err) {
  std::string Msg = llvm::toString(std::move(Err));
  if (OutError)
    *OutError = makeMessage(Msg);
}

extern "C" {

const char *uniqlinkVersion(void) {
  return UNIQLINK_VERSION_STRING " (LLVM " UNIQLINK_LLVM_VERSION_STRING ")";
}

void uniqlinkDisposeMessage(char *Message) { std::free(Message); }

} // extern "C"
