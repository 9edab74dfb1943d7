//===- OdrSection.h - Where the ODR table goes ------------------*- C++ -*-===//
//
// The object format of a target triple, as far as the ODR table needs it:
// its section name (odrTableSection, in uniqlink/Pass/OdrTable.h) and
// whether symbols get Mach-O's "_" prefix. Private to lib/Pass.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_LIB_PASS_ODRSECTION_H
#define UNIQLINK_LIB_PASS_ODRSECTION_H

#include "llvm/ADT/StringRef.h"

namespace uniqlink {

/// Whether \p TT (a target triple) produces Mach-O objects.
bool isMachOTriple(llvm::StringRef TT);

} // namespace uniqlink

#endif // UNIQLINK_LIB_PASS_ODRSECTION_H
