//===- Auditor.h - The state of one uniqlink-check run ----------*- C++ -*-===//
//
// Private to lib/Check. One Auditor runs the steps of runAudit (Audit.h):
// AuditInputs.cpp turns paths into objects (files, archive members,
// directories, carved objects) and can read an admitted object again;
// Audit.cpp admits each object into the registry and hands the outcome to
// the report (AuditReport.h).
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_LIB_CHECK_AUDITOR_H
#define UNIQLINK_LIB_CHECK_AUDITOR_H

#include "AuditReport.h"
#include "uniqlink/Check/Audit.h"
#include "uniqlink/Check/Registry.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/MemoryBuffer.h"
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace uniqlink {
namespace audit {

/// Where an admitted object's bytes can be read again.
struct Source {
  enum Kind { File, Member, Carved } What = File;
  std::string Path;
  /// Member: its position in the archive; Carved: its offset in the file.
  uint64_t Index = 0;
};

/// An object read again from its Source, and what keeps its bytes alive.
struct Reloaded {
  std::unique_ptr<llvm::MemoryBuffer> File;
  std::shared_ptr<llvm::MemoryBuffer> Carved;
  llvm::MemoryBufferRef Ref;
};

/// Reads the object at \p Src again (AuditInputs.cpp).
llvm::Expected<Reloaded> reload(const Source &Src);

class Auditor {
public:
  Auditor(const AuditOptions &Options, llvm::raw_ostream &OS)
      : Options(Options), Report(createAuditReport(Options, OS)),
        Reg(Options.Registry) {}

  void load(llvm::StringRef Path);
  void unload(llvm::StringRef Path);
  AuditSummary finish();

private:
  // AuditInputs.cpp
  void loadFile(llvm::StringRef Path, bool InDirectory);
  void loadArchive(llvm::MemoryBufferRef Buffer, llvm::StringRef Path);
  void loadCarved(llvm::MemoryBufferRef Buffer, llvm::StringRef Path,
                  bool InDirectory);

  // Audit.cpp
  void admit(llvm::MemoryBufferRef Buffer, llvm::StringRef Origin,
             const Source &Src);
  void rejected(llvm::Error E, llvm::MemoryBufferRef Buffer,
                llvm::StringRef Origin, size_t NumSymbols,
                llvm::ArrayRef<SymbolFingerprint> Dumped);
  void explainFully(std::vector<Collision> &Collisions,
                    llvm::MemoryBufferRef Buffer, llvm::StringRef Origin);
  void explain(const ObjectFingerprint &FP);
  void unreadable(llvm::StringRef Origin, llvm::Error E);
  void unreadable(llvm::StringRef Origin, const llvm::Twine &Msg);

  const AuditOptions &Options;
  std::unique_ptr<AuditReport> Report;
  Registry Reg;
  AuditSummary Summary;
  std::vector<std::pair<std::string, ObjectHandle>> Loaded;
  /// Where each loaded origin's objects came from (several objects may
  /// share an origin: an archive with two members of one name).
  llvm::StringMap<llvm::SmallVector<Source, 1>> Sources;
};

} // namespace audit
} // namespace uniqlink

#endif // UNIQLINK_LIB_CHECK_AUDITOR_H
