//===- uniqlink/Check/Audit.h - Check files as a JIT loads them -*- C++ -*-===//
//
// The engine behind uniqlink-check: expands inputs (object files, static
// archives, directories, and with carving any file that embeds objects),
// admits each object in order into one Registry, and reports per object
// accepted / rejected / unreadable, as text or JSON. Kept in the library so
// that the tool's main() is only option parsing.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_CHECK_AUDIT_H
#define UNIQLINK_CHECK_AUDIT_H

#include "uniqlink/Check/Registry.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/raw_ostream.h"
#include <string>
#include <vector>

namespace uniqlink {

struct AuditOptions {
  RegistryOptions Registry;
  /// Look for objects embedded in files that are not objects or archives.
  bool Carve = false;
  /// Emit one JSON document instead of text.
  bool JSON = false;
  /// Print symbol counts of accepted objects (text mode).
  bool Verbose = false;
  /// Print only rejections, errors and the summary (text mode).
  bool Quiet = false;
  /// Include every symbol's fingerprint in the JSON output.
  bool DumpFingerprints = false;
  /// If not empty: admit nothing, and print for each object the evidence
  /// about this symbol (ODR table hash, fingerprint, size).
  std::string Explain;
};

/// One step of an audit: load a path, or unload every object previously
/// loaded from it (an object's origin, or a path prefix for archives and
/// directories).
struct AuditStep {
  enum Kind { Load, Unload } What = Load;
  std::string Path;
};

/// Outcome counts of an audit.
struct AuditSummary {
  unsigned Accepted = 0, Rejected = 0, Unreadable = 0, Removed = 0;
  unsigned Collisions = 0, Warnings = 0;

  /// 0 if everything was accepted, 1 if anything was rejected, 2 if any
  /// input could not be read.
  int exitCode() const { return Unreadable ? 2 : Rejected ? 1 : 0; }
};

/// Runs \p Steps in order against one fresh registry, writing the report to
/// \p OS.
AuditSummary runAudit(llvm::ArrayRef<AuditStep> Steps,
                      const AuditOptions &Options, llvm::raw_ostream &OS);

} // namespace uniqlink

#endif // UNIQLINK_CHECK_AUDIT_H
