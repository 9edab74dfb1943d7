//===- uniqlink/ORC/CreateLLJIT.h - LLJIT for uniqlink ----------*- C++ -*-===//
//
// createLLJIT: an in-process LLJIT with a chosen linker (JITLink or
// RuntimeDyld), an optional object cache and an optional object-level
// checker (uniqlink/ORC/ObjectGate.h).
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_ORC_CREATELLJIT_H
#define UNIQLINK_ORC_CREATELLJIT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/Support/Error.h"
#include <memory>

namespace llvm {
class ObjectCache;
} // namespace llvm

namespace uniqlink {

class ObjectGate;

enum class LinkerKind { JITLink, RTDyld };

/// "jitlink" / "rtdyld".
llvm::StringRef linkerName(LinkerKind K);

struct JITConfig {
  LinkerKind Linker = LinkerKind::JITLink;
  /// If set, every object is checked by this gate before it is linked
  /// (ObjectCheckPlugin for JITLink, CheckingObjectLayer for RuntimeDyld).
  std::shared_ptr<ObjectGate> Gate;
  /// If set, compiled objects are handed to this cache (not owned; must
  /// outlive the JIT).
  llvm::ObjectCache *Cache = nullptr;
};

/// Builds an in-process LLJIT for the host as \p Config says. The native
/// target must be initialized (InitializeNativeTarget and friends).
llvm::Expected<std::unique_ptr<llvm::orc::LLJIT>>
createLLJIT(const JITConfig &Config);

} // namespace uniqlink

#endif // UNIQLINK_ORC_CREATELLJIT_H
