//===- uniqlink/Check/ArchiveWalk.h - Archive members -----------*- C++ -*-===//
//
// The one walk over the members of a static archive (ar, BSD or GNU), used
// by uniqlink-check (AuditInputs.cpp), the checker benchmark and the object
// fuzz target. It hands over each member's bytes bounds-checked against the
// archive (LLVM 19 does not check the last member's size field against the
// end), named "archive(member)" as every report spells an archive member,
// or the error that makes that member unreadable.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_CHECK_ARCHIVEWALK_H
#define UNIQLINK_CHECK_ARCHIVEWALK_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBufferRef.h"
#include <cstdint>
#include <string>

namespace uniqlink {

/// One member of an archive, as walkArchive() finds it.
struct ArchiveMember {
  /// Position in the archive (0 for the first member).
  uint64_t Index = 0;
  /// "archive(member)"; the archive's path alone if the member's name
  /// cannot be read (the error is then about the archive).
  std::string Origin;
  /// The member's bytes, inside the archive's, with Origin as identifier
  /// (valid during the visit only: copy the buffer with a lasting name to
  /// keep it). Empty when the member is unreadable.
  llvm::MemoryBufferRef Buffer;
};

/// Called for each member in order with the member and, if it cannot be
/// read, why (the error then names nothing; ArchiveMember::Origin says
/// whom it is about). Returns false to stop the walk.
using ArchiveMemberVisitor =
    llvm::function_ref<bool(const ArchiveMember &Member, llvm::Error Err)>;

/// Walks the members of the archive in \p Whole, whose path is \p Path.
/// Returns an error if \p Whole is not an archive or its member list is
/// damaged (after the members before the damage were visited).
llvm::Error walkArchive(llvm::MemoryBufferRef Whole, llvm::StringRef Path,
                        ArchiveMemberVisitor Visit);

} // namespace uniqlink

#endif // UNIQLINK_CHECK_ARCHIVEWALK_H
