//===- OrcTestUtil.h - Shared helpers for the ORC unit tests ----*- C++ -*-===//
//
// Modules with an entry that calls a linkonce_odr helper (the demo's shape),
// as ThreadSafeModules or compiled to in-memory objects, and a one-line way
// to call an entry of an LLJIT.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_TEST_UNIT_ORC_ORCTESTUTIL_H
#define UNIQLINK_TEST_UNIT_ORC_ORCTESTUTIL_H

#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/ExecutionEngine/Orc/ThreadSafeModule.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"
#include <cstdint>
#include <memory>
#include <string>

// gtest checks for llvm::Error / Expected (LLVMTestingSupport is not
// shipped by Debian).
#define ASSERT_OK(E)                                                           \
  do {                                                                         \
    if (llvm::Error Err_ = (E))                                                \
      FAIL() << llvm::toString(std::move(Err_));                               \
  } while (0)
#define EXPECT_OK(E)                                                           \
  do {                                                                         \
    if (llvm::Error Err_ = (E))                                                \
      ADD_FAILURE() << llvm::toString(std::move(Err_));                        \
  } while (0)
#define EXPECT_VALUE(X, V)                                                     \
  do {                                                                         \
    auto X_ = (X);                                                             \
    if (!X_)                                                                   \
      ADD_FAILURE() << llvm::toString(X_.takeError());                         \
    else                                                                       \
      EXPECT_EQ(*X_, (V));                                                     \
  } while (0)
#define EXPECT_FAILS(X)                                                        \
  do {                                                                         \
    auto X_ = (X);                                                             \
    EXPECT_FALSE(!!X_) << "expected an error";                                 \
    if (!X_)                                                                   \
      llvm::consumeError(X_.takeError());                                      \
  } while (0)
#define EXPECT_ERROR(E)                                                        \
  do {                                                                         \
    llvm::Error Err_ = (E);                                                    \
    EXPECT_TRUE(!!Err_) << "expected an error";                                \
    llvm::consumeError(std::move(Err_));                                       \
  } while (0)

namespace uniqlink {
namespace test {

/// InitializeNativeTarget and friends, once.
void initNative();

/// `Entry(x) = helper(x)` where linkonce_odr `Helper(x) = x * Factor + Add`.
std::string helperIR(llvm::StringRef Entry, int64_t Factor, int64_t Add = 0,
                     llvm::StringRef Helper = "_ZN4demo6helperEl");

/// Parses \p IR into a ThreadSafeModule named \p Name; aborts the test
/// binary on bad IR (it is a bug in the test).
llvm::orc::ThreadSafeModule makeModule(llvm::StringRef IR,
                                       llvm::StringRef Name);

/// Compiles \p IR for the host into an object named \p Name.
std::unique_ptr<llvm::MemoryBuffer> compileObject(llvm::StringRef IR,
                                                  llvm::StringRef Name);

/// Looks up \p Entry in \p J's main JITDylib and calls it with \p Arg.
llvm::Expected<int64_t> callEntry(llvm::orc::LLJIT &J, llvm::StringRef Entry,
                                  int64_t Arg);

} // namespace test
} // namespace uniqlink

#endif // UNIQLINK_TEST_UNIT_ORC_ORCTESTUTIL_H
