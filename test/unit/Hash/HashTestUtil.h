//===- HashTestUtil.h - Helpers for the content-hash unit tests -*- C++ -*-===//
//
// Parses IR text and returns the content hash of one named global, as the
// rename pass would see it (defaultRefKind). Every module is parsed in its
// own LLVMContext unless a test passes one, so hashes never depend on state
// shared between modules.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_TEST_UNIT_HASH_HASHTESTUTIL_H
#define UNIQLINK_TEST_UNIT_HASH_HASHTESTUTIL_H

#include "uniqlink/Compat/IR.h"
#include "uniqlink/Hash/ContentHash.h"

#include "llvm/AsmParser/Parser.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <memory>
#include <string>

namespace uniqlink {
namespace test {

/// Parses \p IR into \p Ctx; reports parse and verifier errors as test
/// failures (a test whose input is not valid IR proves nothing).
inline std::unique_ptr<llvm::Module> parseIR(llvm::LLVMContext &Ctx,
                                             llvm::StringRef IR) {
  llvm::SMDiagnostic Err;
  uniqlink::compat::useOpaquePointers(Ctx);
  std::unique_ptr<llvm::Module> M = llvm::parseAssemblyString(IR, Err, Ctx);
  if (!M) {
    std::string Msg;
    llvm::raw_string_ostream OS(Msg);
    Err.print("test-ir", OS);
    ADD_FAILURE() << "IR does not parse:\n" << OS.str() << "\n" << IR.str();
    return nullptr;
  }
  std::string Msg;
  llvm::raw_string_ostream OS(Msg);
  if (llvm::verifyModule(*M, &OS)) {
    ADD_FAILURE() << "IR does not verify:\n" << OS.str() << "\n" << IR.str();
    return nullptr;
  }
  return M;
}

/// The content hash of the global \p Name of \p M, which must be one that
/// the default classification hashes by content.
inline uint64_t hashOf(const llvm::Module &M, llvm::StringRef Name) {
  const llvm::GlobalValue *GV = M.getNamedValue(Name);
  if (!GV) {
    ADD_FAILURE() << "no global named '" << Name.str() << "'";
    return 0;
  }
  ContentHashes Hashes = computeContentHashes(M, defaultRefKind);
  auto It = Hashes.find(GV);
  if (It == Hashes.end()) {
    ADD_FAILURE() << "'" << Name.str() << "' has no content hash";
    return 0;
  }
  // Hashing only what one root reaches must agree with hashing everything.
  ContentHashes RootOnly = computeContentHashes(M, defaultRefKind, {GV});
  EXPECT_EQ(RootOnly.lookup(GV), It->second)
      << "root-only hash of '" << Name.str() << "' differs from full hash";
  // So must the per-root vector.
  llvm::SmallVector<uint64_t, 0> RootHashes =
      computeRootHashes(M, defaultRefKind, {GV});
  EXPECT_EQ(RootHashes.size(), 1u);
  EXPECT_EQ(RootHashes.front(), It->second)
      << "computeRootHashes of '" << Name.str() << "' differs from full hash";
  return It->second;
}

/// The content hash of \p Name in the module parsed from \p IR.
inline uint64_t hashOf(llvm::StringRef IR, llvm::StringRef Name) {
  llvm::LLVMContext Ctx;
  std::unique_ptr<llvm::Module> M = parseIR(Ctx, IR);
  if (!M)
    return 0;
  return hashOf(*M, Name);
}

} // namespace test
} // namespace uniqlink

#endif // UNIQLINK_TEST_UNIT_HASH_HASHTESTUTIL_H
