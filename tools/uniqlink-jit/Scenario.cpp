//===- Scenario.cpp - What each child of the demo compiles ----------------===//
//
// Child i defines `entry_<i>(x) = demo::helper(x)` and a linkonce_odr
// demo::helper(long) whose body depends on i: factorial (recursive, like
// numba's recursive helpers), fibonacci (recursive) or n*n+1, each with a
// per-child constant so that no two children share a body. The expected
// value is computed here in C++, independent of any JIT.
//
//===----------------------------------------------------------------------===//

#include "Demo.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace uniqlink {
namespace demo {

StringRef configName(Config C) {
  switch (C) {
  case Config::Plain:
    return "plain";
  case Config::Check:
    return "check";
  case Config::Unique:
    return "unique";
  }
  return "?";
}

namespace {

/// Replaces every "$H" by the helper name and "$C" by \p C in \p Template.
std::string substitute(StringRef Template, int64_t C) {
  std::string Out;
  for (size_t I = 0; I < Template.size(); ++I) {
    if (Template[I] == '$' && I + 1 < Template.size()) {
      if (Template[I + 1] == 'H') {
        Out += HelperName;
        ++I;
        continue;
      }
      if (Template[I + 1] == 'C') {
        Out += std::to_string(C);
        ++I;
        continue;
      }
    }
    Out += Template[I];
  }
  return Out;
}

int64_t factorial(int64_t N, int64_t C) {
  return N <= 1 ? 1 + C : N * factorial(N - 1, C);
}

int64_t fibonacci(int64_t N, int64_t C) {
  return N < 2 ? N + C : fibonacci(N - 1, C) + fibonacci(N - 2, C);
}

} // namespace

Variant makeVariant(unsigned Index) {
  Variant V;
  V.Index = Index;
  V.Module = V.Entry = formatv("entry_{0}", Index).str();
  int64_t C = Index / 3;
  std::string Helper;
  switch (Index % 3) {
  case 0:
    V.Body = formatv("factorial, base {0}", 1 + C).str();
    V.Expected = factorial(EntryArg, C);
    Helper = substitute(R"(define linkonce_odr i64 @$H(i64 %n) {
entry:
  %small = icmp sle i64 %n, 1
  br i1 %small, label %base, label %rec
base:
  ret i64 $C
rec:
  %m = sub i64 %n, 1
  %r = call i64 @$H(i64 %m)
  %p = mul i64 %n, %r
  ret i64 %p
}
)",
                        1 + C);
    break;
  case 1:
    V.Body = formatv("fibonacci, base n+{0}", C).str();
    V.Expected = fibonacci(EntryArg, C);
    Helper = substitute(R"(define linkonce_odr i64 @$H(i64 %n) {
entry:
  %small = icmp slt i64 %n, 2
  br i1 %small, label %base, label %rec
base:
  %b = add i64 %n, $C
  ret i64 %b
rec:
  %n1 = sub i64 %n, 1
  %n2 = sub i64 %n, 2
  %r1 = call i64 @$H(i64 %n1)
  %r2 = call i64 @$H(i64 %n2)
  %s = add i64 %r1, %r2
  ret i64 %s
}
)",
                        C);
    break;
  default:
    V.Body = formatv("n*n+{0}", 1 + C).str();
    V.Expected = EntryArg * EntryArg + 1 + C;
    Helper = substitute(R"(define linkonce_odr i64 @$H(i64 %n) {
entry:
  %sq = mul i64 %n, %n
  %r = add i64 %sq, $C
  ret i64 %r
}
)",
                        1 + C);
    break;
  }
  V.IR = Helper + "\ndefine i64 @" + V.Entry +
         substitute(R"((i64 %x) {
entry:
  %r = call i64 @$H(i64 %x)
  ret i64 %r
}
)",
                    0);
  return V;
}

} // namespace demo
} // namespace uniqlink
