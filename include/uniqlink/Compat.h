//===- uniqlink/Compat.h - LLVM version differences -------------*- C++ -*-===//
//
// Every difference between the LLVM majors uniqlink builds against (14, 15,
// 16, 19, 22) lives here, so the rest of the code reads as if there were one
// LLVM. Each shim is a small inline function or alias named after what it
// does, not after the version that needs it.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_COMPAT_H
#define UNIQLINK_COMPAT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Support/xxhash.h"
#include <cstdint>
#include <memory>
#include <type_traits>

namespace uniqlink {
namespace compat {

//===-- Hashing -----------------------------------------------------------===//

/// A fast, well-distributed 64-bit hash of a byte string.
inline uint64_t hashBytes(llvm::ArrayRef<uint8_t> Bytes) {
#if LLVM_VERSION_MAJOR >= 17
  return llvm::xxh3_64bits(Bytes);
#else
  return llvm::xxHash64(Bytes);
#endif
}

//===-- Pass plugins ------------------------------------------------------===//

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

//===-- ORC and JITLink (section owned by the ORC integration, lib/ORC) ---===//
//
// Templates, so that this header does not pull the ORC headers into every
// user; they are instantiated only where ORC is already included.

/// The name of a JITLink symbol as a StringRef (empty if it has none).
/// Up to LLVM 19 Symbol::getName() returns a StringRef; later majors return a
/// SymbolStringPtr (measured on 22). Chosen by type, not by version number.
template <typename JITLinkSymbolT>
llvm::StringRef jitlinkSymbolName(const JITLinkSymbolT &Sym) {
  if (!Sym.hasName())
    return {};
  if constexpr (std::is_convertible_v<decltype(Sym.getName()), llvm::StringRef>)
    return Sym.getName();
  else
    return *Sym.getName();
}

/// Installs \p Create, a callable `Expected<std::unique_ptr<ObjectLayer>>
/// (ExecutionSession &)`, as the linking-layer creator of an LLJITBuilder.
/// LLVM 19 also passes the target triple, LLVM 22 only the session; the
/// variadic lambda accepts both.
template <typename LLJITBuilderT, typename CreateFnT>
void setLinkingLayerCreator(LLJITBuilderT &Builder, CreateFnT Create) {
  Builder.setObjectLinkingLayerCreator(
      [Create = std::move(Create)](auto &ES, const auto &...) {
        return Create(ES);
      });
}

/// A RuntimeDyld memory-manager factory making \p MemMgrT. LLVM 22 passes
/// the object buffer to the factory, older majors pass nothing.
template <typename MemMgrT> auto rtdyldMemoryManagerFactory() {
  return [](const auto &...) { return std::make_unique<MemMgrT>(); };
}

/// Sets the target triple of a module. LLVM 22 takes a Triple, older majors
/// a string. Chosen by the type getTargetTriple() returns.
template <typename ModuleT, typename TripleT>
void setModuleTargetTriple(ModuleT &M, const TripleT &TT) {
  if constexpr (std::is_convertible_v<const TripleT &,
                                      decltype(M.getTargetTriple())>)
    M.setTargetTriple(TT);
  else
    M.setTargetTriple(TT.str());
}

//===-- End of the ORC section --------------------------------------------===//

//===-- IR ----------------------------------------------------------------===//

/// True for instructions that only carry debug info (llvm.dbg.* calls on
/// LLVM versions that still represent debug info as instructions).
inline bool isDebugInstruction(const llvm::Instruction &I) {
  return llvm::isa<llvm::DbgInfoIntrinsic>(I);
}

/// The predicate of a compare constant expression, or 0 (LLVM 19 removed
/// icmp/fcmp constant expressions).
inline unsigned constantExprPredicate(const llvm::ConstantExpr &CE) {
#if LLVM_VERSION_MAJOR < 19
  if (CE.isCompare())
    return CE.getPredicate();
#endif
  (void)CE;
  return 0;
}

} // namespace compat
} // namespace uniqlink

#endif // UNIQLINK_COMPAT_H
