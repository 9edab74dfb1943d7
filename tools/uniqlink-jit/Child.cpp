//===- Child.cpp - One demo child: compile with LLJIT into the cache ------===//
//
// What a numba worker does on a cache miss: JIT-compile the module, keep the
// object in the on-disk cache, run the function. In the `unique`
// configuration the module is renamed first (addIRModuleUnique). The sidecar
// records what this process knew: the entry, the helper's symbol name, and
// the value the entry must return.
//
//===----------------------------------------------------------------------===//

#include "Demo.h"
#include "uniqlink/Compat/IR.h"
#include "uniqlink/Compat/ORC.h"
#include "uniqlink/ORC/DirectoryObjectCache.h"
#include "uniqlink/ORC/RenameThenAdd.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/AsmParser/Parser.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

using namespace llvm;
using namespace llvm::orc;

namespace uniqlink {
namespace demo {

Error writeExpectation(StringRef Path, const Expectation &E) {
  std::error_code EC;
  raw_fd_ostream OS(Path, EC);
  if (EC)
    return createStringError(EC,
                             "cannot write '" + Path + "': " + EC.message());
  OS << "entry " << E.Entry << "\narg " << E.Arg << "\nexpected " << E.Expected
     << "\nhelper " << E.Helper << "\nbody " << E.Body << "\n";
  return Error::success();
}

Expected<Expectation> readExpectation(StringRef Path) {
  auto Buf = MemoryBuffer::getFile(Path);
  if (!Buf)
    return createStringError(Buf.getError(), "cannot read '" + Path + "': " +
                                                 Buf.getError().message());
  Expectation E;
  bool HaveEntry = false, HaveArg = false, HaveExpected = false;
  SmallVector<StringRef, 8> Lines;
  (*Buf)->getBuffer().split(Lines, '\n', -1, false);
  for (StringRef Line : Lines) {
    auto [Key, Value] = Line.split(' ');
    if (Key == "entry") {
      E.Entry = Value.str();
      HaveEntry = !Value.empty();
    } else if (Key == "arg") {
      HaveArg = !Value.getAsInteger(10, E.Arg);
    } else if (Key == "expected") {
      HaveExpected = !Value.getAsInteger(10, E.Expected);
    } else if (Key == "helper") {
      E.Helper = Value.str();
    } else if (Key == "body") {
      E.Body = Value.str();
    }
  }
  if (!HaveEntry || !HaveArg || !HaveExpected)
    return createStringError(inconvertibleErrorCode(),
                             "'" + Path +
                                 "': needs 'entry', 'arg' and 'expected'");
  return E;
}

Error compileIntoCache(unsigned Index, Config C, LinkerKind Linker,
                       StringRef CacheDir) {
  Variant V = makeVariant(Index);
  auto Ctx = std::make_unique<LLVMContext>();
  SMDiagnostic Diag;
  compat::useOpaquePointers(*Ctx);
  std::unique_ptr<Module> M = parseAssemblyString(V.IR, Diag, *Ctx);
  if (!M) {
    std::string Msg;
    raw_string_ostream OS(Msg);
    Diag.print("uniqlink-jit", OS);
    return createStringError(inconvertibleErrorCode(), Msg);
  }
  M->setModuleIdentifier(V.Module);

  auto Cache = DirectoryObjectCache::create(CacheDir);
  if (!Cache)
    return Cache.takeError();
  JITConfig JC;
  JC.Linker = Linker;
  JC.Cache = Cache->get();
  auto J = createLLJIT(JC);
  if (!J)
    return J.takeError();

  std::string Helper = HelperName.str();
  ThreadSafeModule TSM(std::move(M), std::move(Ctx));
  if (C == Config::Unique) {
    auto Renamed =
        addIRModuleUnique(**J, (*J)->getMainJITDylib(), std::move(TSM));
    if (!Renamed)
      return Renamed.takeError();
    if (auto New = renamedSymbol(*Renamed, HelperName))
      Helper = *New;
  } else if (Error Err = (*J)->addIRModule(std::move(TSM))) {
    return Err;
  }

  auto Addr = (*J)->lookup(V.Entry);
  if (!Addr)
    return Addr.takeError();
  int64_t Got = compat::addressToPtr<int64_t (*)(int64_t)>(*Addr)(EntryArg);
  if (Error Err = (*Cache)->takeError())
    return Err;
  if (Got != V.Expected)
    return createStringError(inconvertibleErrorCode(),
                             "child %u: %s(%lld) returned %lld, expected %lld "
                             "(alone in its process!)",
                             Index, V.Entry.c_str(), (long long)EntryArg,
                             (long long)Got, (long long)V.Expected);

  Expectation E{V.Entry, EntryArg, V.Expected, Helper, V.Body};
  return writeExpectation((*Cache)->pathFor(V.Module) + ".expect", E);
}

} // namespace demo
} // namespace uniqlink
