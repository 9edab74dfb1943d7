//===- uniqlink/Check/Diagnostics.h - Structured checker output -*- C++ -*-===//
//
// The checker's findings as llvm::json values, so that tools (uniqlink-check
// --format=json) and embedders report collisions in one machine-readable
// shape. The human-readable text lives next to the data (Collision::describe,
// Difference::describe); this file only maps the same data to JSON.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_CHECK_DIAGNOSTICS_H
#define UNIQLINK_CHECK_DIAGNOSTICS_H

#include "uniqlink/Check/Fingerprint.h"
#include "uniqlink/Check/Registry.h"
#include "llvm/Support/JSON.h"

namespace uniqlink {

/// {"kind": "bytes", "offset": 19, "reloc_index": 0, "loaded": "...",
///  "new": "...", "text": "..."}
llvm::json::Value toJSON(const Difference &D);

/// {"name", "demangled", "common", "loaded_object", "new_object",
///  "loaded_kind", "new_kind", "loaded_binding", "new_binding",
///  "loaded_fingerprint", "new_fingerprint", "first_difference",
///  "evidence" ("bytes", "odr-table" or "odr-table+bytes"), and unless
///  "bytes" "loaded_odr_hash", "new_odr_hash", "loaded_odr_own_hash",
///  "new_odr_own_hash"}
llvm::json::Value toJSON(const Collision &C);

/// {"name", "kind", "binding", "section", "size", "fingerprint",
///  "relocations", and "odr_hash", "odr_own_hash" if the ODR table has
///  an entry}
llvm::json::Value toJSON(const SymbolFingerprint &S);

/// Moves the collisions carried by \p E (if it is a CollisionError) into
/// \p Out and returns whatever other error \p E held (success if none).
llvm::Error takeCollisions(llvm::Error E, std::vector<Collision> &Out);

} // namespace uniqlink

#endif // UNIQLINK_CHECK_DIAGNOSTICS_H
