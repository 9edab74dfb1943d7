//===- OrcTestUtil.cpp - Shared helpers for the ORC unit tests ------------===//
//
// See OrcTestUtil.h.
//
//===----------------------------------------------------------------------===//

#include "OrcTestUtil.h"
#include "uniqlink/Compat/IR.h"
#include "uniqlink/Compat/ORC.h"
#include "llvm/AsmParser/Parser.h"
#include "llvm/ExecutionEngine/Orc/CompileUtils.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include <cstdlib>
#include <mutex>

using namespace llvm;
using namespace llvm::orc;

namespace uniqlink {
namespace test {

void initNative() {
  static std::once_flag Once;
  std::call_once(Once, [] {
    InitializeNativeTarget();
    InitializeNativeTargetAsmPrinter();
    InitializeNativeTargetAsmParser();
  });
}

std::string helperIR(StringRef Entry, int64_t Factor, int64_t Add,
                     StringRef Helper) {
  std::string S;
  raw_string_ostream OS(S);
  OS << "define linkonce_odr i64 @" << Helper << "(i64 %x) {\n"
     << "  %m = mul i64 %x, " << Factor << "\n"
     << "  %r = add i64 %m, " << Add << "\n"
     << "  ret i64 %r\n}\n"
     << "define i64 @" << Entry << "(i64 %x) {\n"
     << "  %r = call i64 @" << Helper << "(i64 %x)\n"
     << "  ret i64 %r\n}\n";
  return S;
}

ThreadSafeModule makeModule(StringRef IR, StringRef Name) {
  auto Ctx = std::make_unique<LLVMContext>();
  SMDiagnostic Diag;
  compat::useOpaquePointers(*Ctx);
  auto M = parseAssemblyString(IR, Diag, *Ctx);
  if (!M) {
    Diag.print("OrcTests", errs());
    std::abort();
  }
  M->setModuleIdentifier(Name);
  return ThreadSafeModule(std::move(M), std::move(Ctx));
}

std::unique_ptr<MemoryBuffer> compileObject(StringRef IR, StringRef Name) {
  initNative();
  auto JTMB = cantFail(JITTargetMachineBuilder::detectHost());
  auto TM = cantFail(JTMB.createTargetMachine());
  ThreadSafeModule TSM = makeModule(IR, Name);
  return TSM.withModuleDo([&](Module &M) {
    M.setDataLayout(TM->createDataLayout());
    compat::setModuleTargetTriple(M, TM->getTargetTriple());
    SimpleCompiler Compile(*TM);
    auto Obj = cantFail(Compile(M));
    return MemoryBuffer::getMemBufferCopy(Obj->getBuffer(), Name);
  });
}

Expected<int64_t> callEntry(LLJIT &J, StringRef Entry, int64_t Arg) {
  auto Addr = J.lookup(Entry);
  if (!Addr)
    return Addr.takeError();
  return compat::addressToPtr<int64_t (*)(int64_t)>(*Addr)(Arg);
}

} // namespace test
} // namespace uniqlink
