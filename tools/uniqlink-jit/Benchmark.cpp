//===- Benchmark.cpp - What the object check costs inside LLJIT -----------===//
//
// `uniqlink-jit --bench=N`: compiles N small objects (each an entry, its own
// linkonce_odr helper and one identical shared linkonce_odr helper, so the
// registry sees both new names and benign duplicates), then links all of
// them into a fresh LLJIT with and without the checker, and also runs the
// checker alone. Reports minimum and median of alternating rounds. Not a test:
// timings vary.
//
//===----------------------------------------------------------------------===//

#include "BenchModule.h"
#include "Demo.h"
#include "uniqlink/Compat/IR.h"
#include "uniqlink/ORC/ObjectGate.h"
#include "llvm/AsmParser/Parser.h"
#include "llvm/ExecutionEngine/Orc/CompileUtils.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Target/TargetMachine.h"
#include <algorithm>
#include <chrono>

using namespace llvm;
using namespace llvm::orc;

namespace uniqlink {
namespace demo {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point T0) {
  return std::chrono::duration<double>(Clock::now() - T0).count();
}

Expected<std::vector<std::unique_ptr<MemoryBuffer>>> compileAll(unsigned N) {
  auto JTMB = JITTargetMachineBuilder::detectHost();
  if (!JTMB)
    return JTMB.takeError();
  auto TM = JTMB->createTargetMachine();
  if (!TM)
    return TM.takeError();
  SimpleCompiler Compile(**TM);
  std::vector<std::unique_ptr<MemoryBuffer>> Objs;
  for (unsigned I = 0; I < N; ++I) {
    LLVMContext Ctx;
    SMDiagnostic Diag;
    compat::useOpaquePointers(Ctx);
    auto M = parseAssemblyString(benchModuleIR(I), Diag, Ctx);
    if (!M)
      return createStringError(inconvertibleErrorCode(), "bad bench IR");
    M->setDataLayout((*TM)->createDataLayout());
    compat::setModuleTargetTriple(*M, (*TM)->getTargetTriple());
    auto Obj = Compile(*M);
    if (!Obj)
      return Obj.takeError();
    Objs.push_back(MemoryBuffer::getMemBufferCopy(
        (*Obj)->getBuffer(), "bench_" + std::to_string(I) + ".o"));
  }
  return Objs;
}

/// Adds every object to a fresh LLJIT and links each by looking up its entry.
Expected<double> linkAll(ArrayRef<std::unique_ptr<MemoryBuffer>> Objs,
                         LinkerKind Linker, bool Check) {
  JITConfig JC;
  JC.Linker = Linker;
  if (Check)
    JC.Gate = std::make_shared<ObjectGate>();
  auto J = createLLJIT(JC);
  if (!J)
    return J.takeError();
  auto T0 = Clock::now();
  for (const auto &O : Objs)
    if (Error Err = (*J)->addObjectFile(MemoryBuffer::getMemBuffer(
            O->getBuffer(), O->getBufferIdentifier(), false)))
      return std::move(Err);
  for (size_t I = 0; I < Objs.size(); ++I) {
    auto Addr = (*J)->lookup("entry_" + std::to_string(I));
    if (!Addr)
      return Addr.takeError();
  }
  return secondsSince(T0);
}

/// The checker alone: fingerprint and admit every object, as the plugin's
/// gate does by default (digests only, compact registry, one workspace).
Expected<double> checkAll(ArrayRef<std::unique_ptr<MemoryBuffer>> Objs) {
  Registry Reg;
  FingerprintWorkspace WS;
  auto T0 = Clock::now();
  for (const auto &O : Objs) {
    auto FP =
        WS.fingerprintBuffer(O->getMemBufferRef(), O->getBufferIdentifier(),
                             FingerprintDetail::DigestOnly);
    if (!FP)
      return FP.takeError();
    auto A = Reg.admit(std::move(*FP));
    if (!A)
      return A.takeError();
  }
  return secondsSince(T0);
}

} // namespace

Error runBenchmark(unsigned Count, LinkerKind Linker, raw_ostream &OS) {
  auto Objs = compileAll(Count);
  if (!Objs)
    return Objs.takeError();
  // Alternate the configurations so that machine load hits both alike;
  // report the minimum (least disturbed) and the median of each.
  constexpr int Rounds = 21;
  std::vector<double> Plain, Checked, Alone;
  for (int Round = 0; Round < Rounds; ++Round) {
    auto P = linkAll(*Objs, Linker, false);
    if (!P)
      return P.takeError();
    auto C = linkAll(*Objs, Linker, true);
    if (!C)
      return C.takeError();
    auto A = checkAll(*Objs);
    if (!A)
      return A.takeError();
    Plain.push_back(*P);
    Checked.push_back(*C);
    Alone.push_back(*A);
  }
  auto MinMed = [](std::vector<double> &V) {
    std::sort(V.begin(), V.end());
    return std::make_pair(V.front(), V[V.size() / 2]);
  };
  auto [PMin, PMed] = MinMed(Plain);
  auto [CMin, CMed] = MinMed(Checked);
  auto [AMin, AMed] = MinMed(Alone);
  OS << "benchmark: " << Count << " objects, linker " << linkerName(Linker)
     << ", " << Rounds << " rounds (min / median)\n";
  OS << format("  LLJIT add+link, no checker : %8.1f / %8.1f ms\n", PMin * 1e3,
               PMed * 1e3);
  OS << format("  LLJIT add+link, checker on : %8.1f / %8.1f ms\n", CMin * 1e3,
               CMed * 1e3);
  OS << format("  checker alone (fingerprint + admit): %6.1f / %6.1f ms "
               "(%.1f us/object)\n",
               AMin * 1e3, AMed * 1e3, AMin * 1e6 / Count);
  OS << format("  checker share of LLJIT linking time: alone %.1f%%; "
               "end-to-end delta %.1f%% (min) / %.1f%% (median)\n",
               100.0 * AMin / PMin, 100.0 * (CMin - PMin) / PMin,
               100.0 * (CMed - PMed) / PMed);
  return Error::success();
}

} // namespace demo
} // namespace uniqlink
