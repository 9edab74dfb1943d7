//===- GateDigestsTest.cpp - The gate judges as uniqlink-check does -------===//
//
// ObjectGate fingerprints with a workspace it reuses from one object to the
// next; uniqlink-check (and every other caller of fingerprintObjectBuffer())
// with a fresh one per object. Over the objects of the test tree (the
// checked-in ones, archive members, objects carved from numba caches and,
// once lit has run, every object the lit tests generated) both must give
// the same digests and the same verdicts: this fails if reusing a
// workspace ever leaks state from one object into the next.
//
//===----------------------------------------------------------------------===//

#include "OrcTestUtil.h"
#include "uniqlink/Check/ArchiveWalk.h"
#include "uniqlink/Check/Carve.h"
#include "uniqlink/Check/Fingerprint.h"
#include "uniqlink/Check/Registry.h"
#include "uniqlink/Compat/Support.h"
#include "uniqlink/ORC/CreateLLJIT.h"
#include "uniqlink/ORC/ObjectGate.h"
#include "llvm/BinaryFormat/Magic.h"
#include "llvm/ExecutionEngine/Orc/Core.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "gtest/gtest.h"
#include <algorithm>

using namespace llvm;
using namespace llvm::orc;
using namespace uniqlink;
using namespace uniqlink::test;

namespace {

/// One object to check: its bytes (kept alive by Storage) and its origin.
struct TestObject {
  std::string Origin;
  MemoryBufferRef Buffer;
  std::shared_ptr<MemoryBuffer> Storage;
};

/// Every object under \p Dir: object files, archive members and objects
/// carved from numba cache files, in path order.
void collectObjects(StringRef Dir, std::vector<TestObject> &Out) {
  std::vector<std::string> Paths;
  std::error_code EC;
  for (sys::fs::recursive_directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC)) {
    StringRef Ext = sys::path::extension(It->path());
    if (Ext == ".o" || Ext == ".obj" || Ext == ".a" || Ext == ".nbc")
      Paths.push_back(It->path());
  }
  llvm::sort(Paths);
  for (const std::string &Path : Paths) {
    auto BufOrErr = MemoryBuffer::getFile(Path);
    if (!BufOrErr || sys::fs::is_directory(Path))
      continue;
    std::shared_ptr<MemoryBuffer> Buf = std::move(*BufOrErr);
    MemoryBufferRef Ref = Buf->getMemBufferRef();
    if (compat::endsWith(Path, ".nbc")) {
      for (CarvedObject &C : carveObjects(Ref))
        Out.push_back({C.Name, C.Buffer, C.Storage});
      continue;
    }
    if (identify_magic(Ref.getBuffer()) == file_magic::archive) {
      consumeError(
          walkArchive(Ref, Path, [&](const ArchiveMember &M, Error Err) {
            consumeError(std::move(Err));
            if (M.Buffer.getBufferSize())
              Out.push_back({M.Origin, M.Buffer, Buf});
            return true;
          }));
      continue;
    }
    Out.push_back({Path, Ref, Buf});
  }
}

std::vector<TestObject> testObjects() {
  std::vector<TestObject> Objs;
  collectObjects(UNIQLINK_TEST_SOURCE_DIR, Objs);
  collectObjects(UNIQLINK_TEST_BINARY_DIR, Objs);
  return Objs;
}

/// What a fingerprint says for identity, as one comparable string.
std::string identity(Expected<ObjectFingerprint> FP) {
  if (!FP)
    return "error: " + toString(FP.takeError());
  std::string S = FP->Origin + (FP->HasOdrTable ? " odr\n" : "\n");
  for (const SymbolFingerprint &SF : FP->Symbols)
    S += SF.Name + " " + symbolKindName(SF.Kind).str() + " " +
         symbolBindingName(SF.Binding).str() + " " + std::to_string(SF.Size) +
         " " + std::to_string(SF.CommonAlign) + " " + formatDigest(SF.Hash) +
         (SF.HasOdrHash ? " " + formatDigest(SF.Odr.Hash) + "/" +
                              formatDigest(SF.Odr.OwnHash)
                        : "") +
         "\n";
  return S;
}

TEST(GateDigests, ReusedWorkspaceGivesFreshDigests) {
  std::vector<TestObject> Objs = testObjects();
  ASSERT_GE(Objs.size(), 6u) << "the checked-in seed objects are missing";
  // Forward and backward, so that each object follows both a smaller and a
  // larger one; alternating the detail as well.
  FingerprintWorkspace WS;
  for (int Pass = 0; Pass < 2; ++Pass) {
    if (Pass == 1)
      std::reverse(Objs.begin(), Objs.end());
    for (size_t I = 0; I < Objs.size(); ++I) {
      const TestObject &O = Objs[I];
      FingerprintDetail Detail = (I + Pass) % 2 ? FingerprintDetail::Full
                                                : FingerprintDetail::DigestOnly;
      EXPECT_EQ(identity(WS.fingerprintBuffer(O.Buffer, O.Origin, Detail)),
                identity(fingerprintObjectBuffer(O.Buffer, O.Origin,
                                                 FingerprintDetail::Full)))
          << O.Origin;
    }
  }
}

TEST(GateDigests, GateJudgesAsTheChecker) {
  std::vector<TestObject> Objs = testObjects();
  ASSERT_GE(Objs.size(), 6u) << "the checked-in seed objects are missing";
  // A JITDylib to name the namespace (the gate only uses it as a key).
  initNative();
  std::unique_ptr<LLJIT> J = cantFail(createLLJIT(JITConfig()));
  JITDylib &JD = J->getMainJITDylib();
  // Every object into one namespace, in order, as uniqlink-check loads
  // them into one registry: same-named definitions of different tests
  // collide or agree, and both sides must decide alike.
  ObjectGate Gate;
  Registry Reg;
  size_t Rejected = 0;
  for (const TestObject &O : Objs) {
    auto H = Gate.admit(JD, O.Buffer, O.Origin);
    auto FP = fingerprintObjectBuffer(O.Buffer, O.Origin,
                                      FingerprintDetail::DigestOnly);
    std::vector<std::string> Names;
    Expected<AdmitResult> R = [&]() -> Expected<AdmitResult> {
      if (!FP)
        return FP.takeError();
      for (const SymbolFingerprint &SF : FP->Symbols)
        Names.push_back(SF.Name);
      return Reg.admit(std::move(*FP));
    }();
    ASSERT_EQ(!!H, !!R) << O.Origin;
    if (!H) {
      ++Rejected;
      EXPECT_EQ(toString(H.takeError()), toString(R.takeError())) << O.Origin;
      continue;
    }
    for (const std::string &Name : Names) {
      auto Loaded = Gate.registryFor(JD).lookup(Name);
      auto Want = Reg.lookup(Name);
      ASSERT_TRUE(Loaded && Want) << Name;
      EXPECT_EQ(Loaded->Hash, Want->Hash) << Name << " in " << O.Origin;
      EXPECT_EQ(Loaded->Size, Want->Size) << Name << " in " << O.Origin;
    }
  }
  EXPECT_EQ(Gate.rejections().size(), Rejected);
}

} // namespace
