//===- uniqlink/Check/Carve.h - Embedded objects ----------------*- C++ -*-===//
//
// JIT caches store object files raw inside other containers (numba's .nbc
// files are pickles with the ELF bytes inside). Carving scans a buffer for
// ELF, Mach-O and COFF headers, checks that each candidate parses as a
// relocatable object within the buffer, and reports where each one is, so
// that a cache directory can be audited without knowing its format.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_CHECK_CARVE_H
#define UNIQLINK_CHECK_CARVE_H

#include "llvm/Support/MemoryBuffer.h"
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace uniqlink {

/// One object found inside a larger buffer.
struct CarvedObject {
  /// Offset of the object's first byte in the scanned buffer.
  uint64_t Offset = 0;
  /// The object's bytes: a suitably aligned copy of the sub-range of the
  /// scanned buffer (the extent is computed from the headers:
  /// section/symbol/relocation tables). Valid while Storage lives.
  llvm::MemoryBufferRef Buffer;
  std::shared_ptr<llvm::MemoryBuffer> Storage;
  /// "<buffer name>@0x<offset>", for diagnostics.
  std::string Name;
};

/// Finds relocatable ELF, Mach-O and COFF objects inside \p Buffer. Objects
/// do not overlap; a candidate that does not parse is skipped.
std::vector<CarvedObject> carveObjects(llvm::MemoryBufferRef Buffer);

} // namespace uniqlink

#endif // UNIQLINK_CHECK_CARVE_H
