//===- DirectoryObjectCache.cpp - One object file per module on disk ------===//
//
// The on-disk cache of the fork demo. File names come from the module
// identifier, with anything but [A-Za-z0-9_.-] replaced, so a module id can
// never escape the directory.
//
//===----------------------------------------------------------------------===//

#include "uniqlink/ORC/DirectoryObjectCache.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace uniqlink {

Expected<std::unique_ptr<DirectoryObjectCache>>
DirectoryObjectCache::create(StringRef Dir) {
  if (std::error_code EC = sys::fs::create_directories(Dir))
    return createStringError(EC, "uniqlink: cannot create cache directory '" +
                                     Dir + "': " + EC.message());
  return std::unique_ptr<DirectoryObjectCache>(
      new DirectoryObjectCache(Dir.str()));
}

std::string DirectoryObjectCache::pathFor(StringRef ModuleID) const {
  std::string File;
  for (char C : ModuleID)
    File += (isAlnum(C) || C == '_' || C == '-' || C == '.') ? C : '_';
  if (File.empty() || File[0] == '.')
    File.insert(File.begin(), '_');
  SmallString<256> Path(Dir);
  sys::path::append(Path, File + ".o");
  return std::string(Path);
}

void DirectoryObjectCache::notifyObjectCompiled(const Module *M,
                                                MemoryBufferRef Obj) {
  std::string Path = pathFor(M->getModuleIdentifier());
  std::error_code EC;
  raw_fd_ostream OS(Path, EC);
  if (!EC) {
    OS << Obj.getBuffer();
    OS.close();
    EC = OS.error();
  }
  if (EC) {
    std::lock_guard<std::mutex> Lock(Mutex);
    if (FirstError.empty())
      FirstError = "uniqlink: cannot write '" + Path + "': " + EC.message();
  }
}

std::unique_ptr<MemoryBuffer> DirectoryObjectCache::getObject(const Module *M) {
  auto Buf = MemoryBuffer::getFile(pathFor(M->getModuleIdentifier()));
  if (!Buf)
    return nullptr;
  return std::move(*Buf);
}

Error DirectoryObjectCache::takeError() {
  std::lock_guard<std::mutex> Lock(Mutex);
  if (FirstError.empty())
    return Error::success();
  std::string Msg = std::move(FirstError);
  FirstError.clear();
  return createStringError(inconvertibleErrorCode(), Msg);
}

} // namespace uniqlink
