//===- AuditReport.h - Where uniqlink-check's findings go -------*- C++ -*-===//
//
// Private to lib/Check. The audit (Audit.cpp) decides; a report says what
// was decided, per object and at the end, in one of two shapes: readable
// text written as it goes, or one JSON document written at the end. Every
// outcome is one method, so the two shapes cannot drift apart in what they
// report.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_LIB_CHECK_AUDITREPORT_H
#define UNIQLINK_LIB_CHECK_AUDITREPORT_H

#include "uniqlink/Check/Audit.h"
#include "uniqlink/Check/Fingerprint.h"
#include "uniqlink/Check/Registry.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>

namespace uniqlink {

class AuditReport {
public:
  virtual ~AuditReport();

  /// \p Origin could not be read or checked, because of \p Msg.
  virtual void error(llvm::StringRef Origin, llvm::StringRef Msg) = 0;
  /// \p Path, not an object, embeds none (only said of a named file).
  virtual void noEmbeddedObjects(llvm::StringRef Path) = 0;
  /// \p Origin was admitted. \p Dumped: its fingerprints, if dumped.
  virtual void accepted(llvm::StringRef Origin, size_t NumSymbols,
                        const AdmitResult &Result,
                        llvm::ArrayRef<SymbolFingerprint> Dumped) = 0;
  /// \p Origin was refused because of \p Collisions.
  virtual void rejected(llvm::StringRef Origin, size_t NumSymbols,
                        llvm::ArrayRef<Collision> Collisions,
                        llvm::ArrayRef<SymbolFingerprint> Dumped) = 0;
  /// --explain: the evidence \p FP holds about the symbol \p Sym (null if
  /// not defined); \p Table says whether the ODR table has an entry.
  virtual void explained(const ObjectFingerprint &FP,
                         const SymbolFingerprint *Sym,
                         llvm::StringRef Table) = 0;
  /// --unload \p Path removed \p N objects.
  virtual void removed(llvm::StringRef Path, unsigned N) = 0;
  /// The end of the audit.
  virtual void finish(const AuditSummary &Summary) = 0;
};

/// The report for \p Options (text or JSON), written to \p OS.
std::unique_ptr<AuditReport> createAuditReport(const AuditOptions &Options,
                                               llvm::raw_ostream &OS);

} // namespace uniqlink

#endif // UNIQLINK_LIB_CHECK_AUDITREPORT_H
