//===- OdrNormalize.h - The form ODR hashes are computed on -----*- C++ -*-===//
//
// Private to lib/Pass: normalizeForOdr, used on the copy OdrTable.cpp hashes
// and by OdrNormalizePass (uniqlink/Pass/OdrTable.h).
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_LIB_PASS_ODRNORMALIZE_H
#define UNIQLINK_LIB_PASS_ODRNORMALIZE_H

namespace llvm {
class Module;
} // namespace llvm

namespace uniqlink {

/// Removes from \p M what the front end emits differently in different
/// translation units and at different -O levels for the same source (see
/// OdrNormalize.cpp). Meant for a copy of a module: it changes code.
void normalizeForOdr(llvm::Module &M);

} // namespace uniqlink

#endif // UNIQLINK_LIB_PASS_ODRNORMALIZE_H
