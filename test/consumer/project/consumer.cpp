//===- consumer.cpp - An embedder of the installed uniqlink ---------------===//
//
// Uses the installed C++ ORC API and the C API the way a JIT does, and checks
// that a different-body duplicate of a linkonce_odr helper is rejected:
//  * ORC: an LLJIT with an ObjectGate refuses the second of two cached
//    objects; rename-then-add (addIRModuleUnique) keeps both bodies.
//  * C API: the registry rejects the second object; the rename works on an
//    LLVMModuleRef of the same libLLVM.
// Prints one line per check and exits 1 if any is not as expected.
//
//===----------------------------------------------------------------------===//

#include "uniqlink-c/uniqlink.h"
#include "uniqlink/Compat/IR.h"
#include "uniqlink/Compat/ORC.h"
#include "uniqlink/ORC/CreateLLJIT.h"
#include "uniqlink/ORC/ObjectGate.h"
#include "uniqlink/ORC/RenameThenAdd.h"

#include "llvm/AsmParser/Parser.h"
#include "llvm/ExecutionEngine/Orc/CompileUtils.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include <cstring>

using namespace llvm;
using namespace llvm::orc;

static const char *HelperName = "_ZN4demo6helperEl";
static int Failures = 0;

static void expect(bool OK, const Twine &What) {
  outs() << (OK ? "ok: " : "FAILED: ") << What << "\n";
  Failures += !OK;
}

/// A linkonce_odr helper (x * Factor) and an entry \p Entry that calls it.
static std::string moduleIR(StringRef Entry, int Factor) {
  return ("define linkonce_odr i64 @" + Twine(HelperName) +
          "(i64 %x) {\n  %r = mul i64 %x, " + Twine(Factor) +
          "\n  ret i64 %r\n}\ndefine i64 @" + Entry +
          "(i64 %x) {\n  %r = call i64 @" + HelperName +
          "(i64 %x)\n  ret i64 %r\n}\n")
      .str();
}

static ThreadSafeModule parse(StringRef Entry, int Factor) {
  auto Ctx = std::make_unique<LLVMContext>();
  uniqlink::compat::useOpaquePointers(*Ctx);
  SMDiagnostic Diag;
  std::unique_ptr<Module> M =
      parseAssemblyString(moduleIR(Entry, Factor), Diag, *Ctx);
  if (!M) {
    Diag.print("consumer", errs());
    std::exit(2);
  }
  M->setModuleIdentifier(Entry);
  return ThreadSafeModule(std::move(M), std::move(Ctx));
}

static Expected<int64_t> call(LLJIT &J, StringRef Entry, int64_t Arg) {
  auto Addr = J.lookup(Entry);
  if (!Addr)
    return Addr.takeError();
  return uniqlink::compat::addressToPtr<int64_t (*)(int64_t)>(*Addr)(Arg);
}

static bool returns(Expected<int64_t> R, int64_t Want) {
  if (!R) {
    errs() << toString(R.takeError()) << "\n";
    return false;
  }
  return *R == Want;
}

static std::unique_ptr<MemoryBuffer> compile(StringRef Entry, int Factor) {
  auto TM = cantFail(
      cantFail(JITTargetMachineBuilder::detectHost()).createTargetMachine());
  ThreadSafeModule TSM = parse(Entry, Factor);
  return TSM.withModuleDo([&](Module &M) {
    M.setDataLayout(TM->createDataLayout());
    uniqlink::compat::setModuleTargetTriple(M, TM->getTargetTriple());
    SimpleCompiler Compile(*TM);
    std::unique_ptr<MemoryBuffer> Obj = cantFail(Compile(M));
    return MemoryBuffer::getMemBufferCopy(Obj->getBuffer(),
                                          (Entry + ".o").str());
  });
}

static void checkORC() {
  // Object gate (objects as a JIT's on-disk cache hands them back): the
  // second body is refused when it links.
  uniqlink::JITConfig C;
  auto Gate = std::make_shared<uniqlink::ObjectGate>();
  C.Gate = Gate;
  std::unique_ptr<LLJIT> J = cantFail(uniqlink::createLLJIT(C));
  J->getExecutionSession().setErrorReporter([](Error E) {
    outs() << "  session: " << toString(std::move(E)) << "\n";
  });
  cantFail(J->addObjectFile(compile("a", 2)));
  cantFail(J->addObjectFile(compile("b", 3)));
  expect(returns(call(*J, "a", 10), 20), "orc: first body runs");
  Expected<int64_t> B = call(*J, "b", 10);
  expect(!B, "orc: different-body duplicate rejected");
  if (!B)
    consumeError(B.takeError());
  auto Rejections = Gate->rejections();
  expect(Rejections.size() == 1 && Rejections[0].Origin == "b.o",
         "orc: the gate logged the rejection of b.o");

  // Rename, then add: both bodies are kept and called.
  std::unique_ptr<LLJIT> U = cantFail(uniqlink::createLLJIT({}));
  cantFail(uniqlink::addIRModuleUnique(*U, U->getMainJITDylib(), parse("a", 2))
               .takeError());
  cantFail(uniqlink::addIRModuleUnique(*U, U->getMainJITDylib(), parse("b", 3))
               .takeError());
  expect(returns(call(*U, "a", 10), 20) && returns(call(*U, "b", 10), 30),
         "orc: renamed modules keep their bodies");
}

static void checkCAPI() {
  const char *Version = uniqlinkVersion();
  outs() << "  uniqlinkVersion(): " << Version << "\n";
  expect(std::strcmp(Version, CONSUMER_EXPECTED_VERSION) == 0,
         "capi: version is " CONSUMER_EXPECTED_VERSION);

  UniqlinkRegistryRef R = uniqlinkRegistryCreate();
  std::unique_ptr<MemoryBuffer> A = compile("a", 2), B = compile("b", 3);
  char *Err = nullptr;
  expect(uniqlinkRegistryAdmit(R, "a.o", A->getBufferStart(),
                               A->getBufferSize(), nullptr,
                               &Err) == UNIQLINK_ACCEPTED,
         "capi: first object accepted");
  uniqlinkDisposeMessage(Err);
  Err = nullptr;
  int Verdict = uniqlinkRegistryAdmit(R, "b.o", B->getBufferStart(),
                                      B->getBufferSize(), nullptr, &Err);
  expect(Verdict == UNIQLINK_REJECTED && Err &&
             std::strstr(Err, "demo::helper(long)"),
         "capi: different-body duplicate rejected");
  if (Err)
    outs() << "  " << Err << "\n";
  uniqlinkDisposeMessage(Err);
  uniqlinkRegistryDispose(R);

  ThreadSafeModule TSM = parse("a", 2);
  TSM.withModuleDo([](Module &M) {
    UniqlinkRenameMapRef Map = nullptr;
    char *Err = nullptr;
    int RC = uniqlinkRenameLinkonce(wrap(&M), "mode=hash", &Map, &Err);
    const char *New =
        RC == 0 ? uniqlinkRenameMapLookup(Map, HelperName) : nullptr;
    expect(New && M.getFunction(New), "capi: rename through LLVMModuleRef");
    uniqlinkRenameMapDispose(Map);
    uniqlinkDisposeMessage(Err);
  });
}

int main() {
  InitializeNativeTarget();
  InitializeNativeTargetAsmPrinter();
  InitializeNativeTargetAsmParser();
  checkORC();
  checkCAPI();
  outs() << (Failures ? "consumer: FAILED\n" : "consumer: all checks passed\n");
  return Failures ? 1 : 0;
}
