//===- RenameMap.cpp - C API: the rename map and planned renames ----------===//
//
// The accessors of UniqlinkRenameMapRef, and uniqlinkPlanRenames: the renames
// the unique-linkonce pass would make in a module handed over as bitcode or
// textual IR. The module is read into a context of this library's own LLVM,
// renamed there and thrown away; only names cross back. That is what lets a
// JIT whose LLVM is another copy or another major (llvmlite's static LLVM)
// use uniqlink's names: it applies the map with its own setName.
//
//===----------------------------------------------------------------------===//

#include "RenameMap.h"
#include "CAPIUtil.h"
#include "uniqlink-c/uniqlink.h"
#include "uniqlink/Version.h"
#include "llvm/AsmParser/Parser.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace uniqlink;

/// What every "cannot read" message starts with: the form and our LLVM, so
/// a caller on another LLVM can tell the user which two versions disagree.
static std::string cannotRead(StringRef Form, StringRef Why) {
  return ("uniqlink: cannot read the module's " + Form + " with LLVM " +
          UNIQLINK_LLVM_VERSION_STRING + ": " + Why)
      .str();
}

/// Reads \p Data (bitcode if it has the magic, textual IR otherwise) and
/// checks it is well-formed IR: the pass must never see a broken module.
static Expected<std::unique_ptr<Module>> readModule(StringRef Data,
                                                    LLVMContext &Ctx) {
  const auto *Begin = reinterpret_cast<const unsigned char *>(Data.begin());
  const auto *End = reinterpret_cast<const unsigned char *>(Data.end());
  bool IsBitcode = isBitcode(Begin, End);
  StringRef Form = IsBitcode ? "bitcode" : "textual IR";
  std::unique_ptr<Module> M;
  if (IsBitcode) {
    auto MOrErr = parseBitcodeFile(MemoryBufferRef(Data, "<bitcode>"), Ctx);
    if (!MOrErr)
      return createStringError(inconvertibleErrorCode(),
                               cannotRead(Form, toString(MOrErr.takeError())));
    M = std::move(*MOrErr);
  } else {
    // The IR lexer reads up to a NUL: parse a terminated copy.
    std::unique_ptr<MemoryBuffer> Buf =
        MemoryBuffer::getMemBufferCopy(Data, "<textual IR>");
    SMDiagnostic Diag;
    M = parseAssembly(Buf->getMemBufferRef(), Diag, Ctx);
    if (!M) {
      std::string Msg;
      raw_string_ostream OS(Msg);
      OS << "line " << Diag.getLineNo() << ": " << Diag.getMessage();
      return createStringError(inconvertibleErrorCode(),
                               cannotRead(Form, OS.str()));
    }
  }
  std::string Broken;
  raw_string_ostream OS(Broken);
  if (verifyModule(*M, &OS))
    return createStringError(inconvertibleErrorCode(),
                             cannotRead(Form, "invalid module: " + OS.str()));
  return std::move(M);
}

void capi::clearRenameOutputs(UniqlinkRenameMapRef *OutMap, char **OutError) {
  if (OutMap)
    *OutMap = nullptr;
  if (OutError)
    *OutError = nullptr;
}

int capi::renameAndHandOver(const char *Options,
                            function_ref<Expected<Module &>()> GetModule,
                            UniqlinkRenameMapRef *OutMap, char **OutError) {
  auto Opts = parseUniqueLinkonceOptions(Options ? Options : "");
  if (!Opts) {
    capi::setError(OutError, Opts.takeError());
    return 1;
  }
  Expected<Module &> M = GetModule();
  if (!M) {
    capi::setError(OutError, M.takeError());
    return 1;
  }
  auto R = renameLinkonceDefinitions(*M, *Opts);
  if (!R) {
    capi::setError(OutError, R.takeError());
    return 1;
  }
  if (OutMap)
    *OutMap = new UniqlinkOpaqueRenameMap{std::move(*R)};
  return 0;
}

extern "C" {

int uniqlinkPlanRenames(const void *Data, size_t Size, const char *Options,
                        UniqlinkRenameMapRef *OutMap, char **OutError) {
  capi::clearRenameOutputs(OutMap, OutError);
  if (!Data && Size) {
    capi::setError(OutError, createStringError(inconvertibleErrorCode(),
                                               "uniqlink: no module data"));
    return 1;
  }
  LLVMContext Ctx;
  std::unique_ptr<Module> M;
  return capi::renameAndHandOver(
      Options,
      [&]() -> Expected<Module &> {
        auto MOrErr =
            readModule(StringRef(static_cast<const char *>(Data), Size), Ctx);
        if (!MOrErr)
          return MOrErr.takeError();
        M = std::move(*MOrErr);
        return *M;
      },
      OutMap, OutError);
}

void uniqlinkRenameMapDispose(UniqlinkRenameMapRef Map) { delete Map; }

size_t uniqlinkRenameMapSize(UniqlinkRenameMapRef Map) {
  return Map ? Map->Result.Renamed.size() : 0;
}

const char *uniqlinkRenameMapOldName(UniqlinkRenameMapRef Map, size_t I) {
  if (!Map || I >= Map->Result.Renamed.size())
    return nullptr;
  return Map->Result.Renamed[I].OldName.c_str();
}

const char *uniqlinkRenameMapNewName(UniqlinkRenameMapRef Map, size_t I) {
  if (!Map || I >= Map->Result.Renamed.size())
    return nullptr;
  return Map->Result.Renamed[I].NewName.c_str();
}

uint64_t uniqlinkRenameMapHash(UniqlinkRenameMapRef Map, size_t I) {
  if (!Map || I >= Map->Result.Renamed.size())
    return 0;
  return Map->Result.Renamed[I].ContentHash;
}

const char *uniqlinkRenameMapLookup(UniqlinkRenameMapRef Map,
                                    const char *OldName) {
  if (!Map || !OldName)
    return nullptr;
  for (const RenameEntry &E : Map->Result.Renamed)
    if (E.OldName == OldName)
      return E.NewName.c_str();
  return nullptr;
}

} // extern "C"
