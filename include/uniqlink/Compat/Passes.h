//===- uniqlink/Compat/Passes.h - Pass plugin shims -------------*- C++ -*-===//
//
// Every difference between the LLVM majors uniqlink builds against (14, 15,
// 16, 19, 22) lives in uniqlink/Compat/, so the rest of the code reads as if
// there were one LLVM. Each shim is a small inline function or alias named
// after what it does, not after the version that needs it. One header per
// layer, so that a library includes only the LLVM headers of its own layer:
// Support.h (ADT, Support), IR.h, Passes.h (pass plugins), ORC.h.
//
// This one: pass plugins and pass parameters.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_COMPAT_PASSES_H
#define UNIQLINK_COMPAT_PASSES_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Config/llvm-config.h"
#include <utility>

namespace uniqlink {
namespace compat {

// The pass-plugin header moved to llvm/Plugins in LLVM 22, which also gave
// plugins a pre-codegen callback (run after every IR pass, so it sees
// functions created late in the pipeline).
#if LLVM_VERSION_MAJOR >= 22
#define UNIQLINK_PASS_PLUGIN_HEADER "llvm/Plugins/PassPlugin.h"
#define UNIQLINK_HAS_PRE_CODEGEN_CALLBACK 1
#else
#define UNIQLINK_PASS_PLUGIN_HEADER "llvm/Passes/PassPlugin.h"
#define UNIQLINK_HAS_PRE_CODEGEN_CALLBACK 0
#endif

/// True if \p Name is \p PassName, optionally followed by `<params>`.
inline bool isParametrizedPassName(llvm::StringRef Name,
                                   llvm::StringRef PassName) {
  if (!Name.consume_front(PassName))
    return false;
  return Name.empty() || (Name.front() == '<' && Name.back() == '>');
}

/// Parses `PassName<params>` with \p Parser, through
/// PassBuilder::parsePassParameters where LLVM has it (17 and later).
/// \p PassBuilderT is always llvm::PassBuilder; it is a parameter so this
/// header need not include PassBuilder.h.
template <typename PassBuilderT, typename ParserT>
auto parsePassParameters(ParserT &&Parser, llvm::StringRef Name,
                         llvm::StringRef PassName)
    -> decltype(Parser(llvm::StringRef())) {
#if LLVM_VERSION_MAJOR >= 17
  return PassBuilderT::parsePassParameters(std::forward<ParserT>(Parser), Name,
                                           PassName);
#else
  llvm::StringRef Params = Name.drop_front(PassName.size());
  if (!Params.empty())
    Params = Params.drop_front().drop_back(); // The '<' and '>'.
  return Parser(Params);
#endif
}

} // namespace compat
} // namespace uniqlink

#endif // UNIQLINK_COMPAT_PASSES_H
