//===- BenchModule.h - The small module the JIT benchmarks add --*- C++ -*-===//
//
// Both JIT benchmarks (uniqlink-bench's jit/add-ir cases and
// `uniqlink-jit --bench`) add N copies of one small module shape: an entry,
// its own linkonce_odr helper, and a linkonce_odr helper that every copy
// shares with an identical body, so the JIT (and the checker) sees both new
// names and benign duplicates. One definition, so the two measure the same
// thing.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_TOOLS_COMMON_BENCHMODULE_H
#define UNIQLINK_TOOLS_COMMON_BENCHMODULE_H

#include <string>

namespace uniqlink {

/// The textual IR of copy \p I: `entry_<I>` calls `helper_<I>`, which calls
/// `shared`.
inline std::string benchModuleIR(unsigned I) {
  std::string N = std::to_string(I);
  return "define linkonce_odr i64 @shared(i64 %x) {\n"
         "  %r = mul i64 %x, 3\n  ret i64 %r\n}\n"
         "define linkonce_odr i64 @helper_" +
         N +
         "(i64 %x) {\n  %s = call i64 @shared(i64 %x)\n  %r = add i64 %s, " +
         N + "\n  ret i64 %r\n}\ndefine i64 @entry_" + N +
         "(i64 %x) {\n  %r = call i64 @helper_" + N +
         "(i64 %x)\n  ret i64 %r\n}\n";
}

} // namespace uniqlink

#endif // UNIQLINK_TOOLS_COMMON_BENCHMODULE_H
