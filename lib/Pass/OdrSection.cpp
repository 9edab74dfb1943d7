//===- OdrSection.cpp - The ODR table's section per object format ---------===//
//
// The ODR table must land in a section the linker drops (or at least never
// loads), and each object format spells that differently; the target triple
// says which format an object will be. Kept apart from the table itself:
// this is a fact about object formats, not about hashes.
//
//===----------------------------------------------------------------------===//
#include "OdrSection.h"

#include "uniqlink/Compat/Support.h"
#include "uniqlink/Pass/OdrTable.h"

using namespace llvm;

namespace uniqlink {

bool isMachOTriple(StringRef TT) {
  // An explicit object format in the environment wins (x86_64-pc-win32-elf).
  if (compat::endsWith(TT, "-elf"))
    return false;
  return compat::endsWith(TT, "-macho") || TT.contains("-apple-") ||
         TT.contains("darwin") || TT.contains("macos");
}

StringRef odrTableSection(StringRef TT) {
  if (compat::endsWith(TT, "-elf"))
    return ".uniqlink.odr";
  if (isMachOTriple(TT))
    return "__LLVM,__uniqlink_odr";
  if (compat::endsWith(TT, "-coff") || TT.contains("windows") ||
      TT.contains("win32") || TT.contains("mingw") || TT.contains("cygwin"))
    return ".uniqodr";
  return ".uniqlink.odr";
}

} // namespace uniqlink
