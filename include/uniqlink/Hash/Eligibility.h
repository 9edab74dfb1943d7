//===- uniqlink/Hash/Eligibility.h - Which definitions count ----*- C++ -*-===//
//
// Two rules every IR-side component shares, written once:
//
//  * Eligibility: a *mergeable definition* is one the linker may replace by
//    another definition of the same name (linkonce, linkonce_odr, weak,
//    weak_odr). Only such definitions can collide silently, so they are
//    what uniqlink renames, records and guards.
//  * Reference kind: a reference counts in its user's content hash by name
//    (declarations, and definitions that keep their name) or by the content
//    of the definition it reaches (local definitions, whose names are
//    arbitrary, and mergeable definitions that may be renamed or replaced).
//
// Each user narrows eligibility on purpose, and says why where it does:
//
//  * unique-linkonce renames the linkages its options select, and of the
//    variables only constants with unnamed_addr (lib/Pass/UniqueLinkonce.cpp);
//  * the ODR table records global objects only: an alias has no body of its
//    own (lib/Pass/OdrTable.cpp);
//  * IRDefinitionGuard records every mergeable definition
//    (lib/ORC/IRDefinitionGuard.cpp);
//  * defaultRefKind counts linkonce_odr definitions but mutable variables
//    by content: what the pass renames with default options
//    (lib/Hash/ContentHash.cpp).
//
// One rule widens it: NoUnwindOracle reasons about the bodies of local
// functions too, which every module that uses them defines again
// (lib/Pass/OdrNormalize.cpp).
//
// The object side (lib/Check) sees symbols, not linkages: it fingerprints
// weak and global definitions alike, since a strong definition that meets a
// weak one of another body is a collision too (uniqlink/Check/Registry.h).
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_HASH_ELIGIBILITY_H
#define UNIQLINK_HASH_ELIGIBILITY_H

#include "uniqlink/Hash/ContentHash.h"
#include "llvm/IR/GlobalValue.h"

namespace uniqlink {

/// True if \p GV is a definition the linker may replace by another of the
/// same name: linkonce, linkonce_odr, weak or weak_odr.
inline bool isMergeableDefinition(const llvm::GlobalValue &GV) {
  return !GV.isDeclaration() &&
         (GV.hasLinkOnceLinkage() || GV.hasWeakLinkage());
}

/// How a reference to \p GV counts: declarations by name, local definitions
/// by content, any other definition by content if \p CountsByContent says so
/// (it may be renamed or replaced) and by name otherwise.
template <typename PredT>
RefKind refKindOf(const llvm::GlobalValue &GV, PredT CountsByContent) {
  if (GV.isDeclaration())
    return RefKind::ByName;
  if (GV.hasLocalLinkage() || CountsByContent(GV))
    return RefKind::ByContent;
  return RefKind::ByName;
}

} // namespace uniqlink

#endif // UNIQLINK_HASH_ELIGIBILITY_H
