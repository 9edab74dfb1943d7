//===- uniqlink/ORC/DirectoryObjectCache.h - On-disk cache ------*- C++ -*-===//
//
// A minimal llvm::ObjectCache that keeps one file per module in a directory,
// as JITs with on-disk caches (numba and friends) do: <dir>/<module id>.o.
// It is what the fork demo uses to reproduce the cache collision.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_ORC_DIRECTORYOBJECTCACHE_H
#define UNIQLINK_ORC_DIRECTORYOBJECTCACHE_H

#include "llvm/ExecutionEngine/ObjectCache.h"
#include "llvm/Support/Error.h"
#include <mutex>
#include <string>

namespace uniqlink {

class DirectoryObjectCache : public llvm::ObjectCache {
public:
  /// Creates \p Dir if needed.
  static llvm::Expected<std::unique_ptr<DirectoryObjectCache>>
  create(llvm::StringRef Dir);

  /// The file that holds (or will hold) the object of module \p ModuleID.
  std::string pathFor(llvm::StringRef ModuleID) const;

  void notifyObjectCompiled(const llvm::Module *M,
                            llvm::MemoryBufferRef Obj) override;
  std::unique_ptr<llvm::MemoryBuffer> getObject(const llvm::Module *M) override;

  /// The first error a write hit (ObjectCache cannot return errors), if any.
  llvm::Error takeError();

private:
  explicit DirectoryObjectCache(std::string Dir) : Dir(std::move(Dir)) {}

  std::string Dir;
  std::mutex Mutex;
  std::string FirstError;
};

} // namespace uniqlink

#endif // UNIQLINK_ORC_DIRECTORYOBJECTCACHE_H
