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
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/Support/xxhash.h"
#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

namespace llvm {
class Error;
namespace orc {
class JITDylib;
} // namespace orc
} // namespace llvm

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

//===-- ADT and Support ---------------------------------------------------===//

/// True if \p S begins with \p Prefix. StringRef spells this starts_with
/// from LLVM 16 and startswith up to 15 (deprecated in 18, gone in 20).
inline bool startsWith(llvm::StringRef S, llvm::StringRef Prefix) {
  return S.size() >= Prefix.size() && S.take_front(Prefix.size()) == Prefix;
}

/// Removes every element equal to \p V from \p C (llvm::erase from LLVM 17,
/// llvm::erase_value before).
template <typename ContainerT, typename ValueT>
void eraseValue(ContainerT &C, const ValueT &V) {
  C.erase(std::remove(C.begin(), C.end(), V), C.end());
}

/// \p O as a std::optional. Up to LLVM 15 many APIs (json::Object::getString,
/// ...) return llvm::Optional; later majors return std::optional.
template <typename OptionalT>
auto toStdOptional(const OptionalT &O)
    -> std::optional<std::decay_t<decltype(*O)>> {
  if (O)
    return *O;
  return std::nullopt;
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

/// Makes a freshly built LLJIT safe for opaque-pointer modules. With compile
/// threads, LLVM 14's LLJIT clones each module through bitcode into a new
/// context on emit; that context has typed pointers, its bitcode reader
/// refuses `ptr` and cantFail turns the error into a crash. Modules in a
/// ThreadSafeModule have their own context anyway, so the clone is not
/// needed and is switched off. Later majors have opaque pointers only.
template <typename LLJITT> void prepareLLJIT(LLJITT &J) {
#if LLVM_VERSION_MAJOR == 14
  // The flag is set on the protected init-helper layer; a pointer to member
  // taken in a derived class reaches it without any cast of J.
  struct Access : LLJITT {
    static auto member() { return &Access::InitHelperTransformLayer; }
  };
  (J.*Access::member())->setCloneToNewContextOnEmit(false);
  J.getIRTransformLayer().setCloneToNewContextOnEmit(false);
  J.getIRCompileLayer().setCloneToNewContextOnEmit(false);
#else
  (void)J;
#endif
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

namespace detail {
template <typename T, typename = void> struct HasToPtr : std::false_type {};
template <typename T>
struct HasToPtr<
    T,
    std::void_t<decltype(std::declval<const T &>().template toPtr<void *>())>>
    : std::true_type {};
} // namespace detail

/// The result of LLJIT::lookup as a pointer of type \p T. LLVM 15 and later
/// return an ExecutorAddr (toPtr), LLVM 14 a JITEvaluatedSymbol (getAddress).
template <typename T, typename AddrT> T addressToPtr(const AddrT &Addr) {
  if constexpr (detail::HasToPtr<AddrT>::value)
    return Addr.template toPtr<T>();
  else
    return reinterpret_cast<T>(static_cast<uintptr_t>(Addr.getAddress()));
}

/// Resource callbacks that name the JITDylib, for an ORC ResourceManager
/// (\p BaseT) or an ObjectLinkingLayer::Plugin (\p PluginBaseT). Derived
/// classes implement removeKeyResources and transferKeyResources. LLVM 16
/// and later name the JITDylib; on 14 and 15 the callbacks carry only the
/// resource key (unique in the session) and \p JD is null.
template <typename BaseT> class ResourceManagerWithDylib : public BaseT {
public:
  using BaseT::BaseT;
  virtual llvm::Error removeKeyResources(llvm::orc::JITDylib *JD,
                                         uintptr_t K) = 0;
  virtual void transferKeyResources(llvm::orc::JITDylib *JD, uintptr_t DstK,
                                    uintptr_t SrcK) = 0;

#if LLVM_VERSION_MAJOR >= 16
  llvm::Error handleRemoveResources(llvm::orc::JITDylib &JD,
                                    uintptr_t K) override {
    return removeKeyResources(&JD, K);
  }
  void handleTransferResources(llvm::orc::JITDylib &JD, uintptr_t DstK,
                               uintptr_t SrcK) override {
    transferKeyResources(&JD, DstK, SrcK);
  }
#else
  llvm::Error handleRemoveResources(uintptr_t K) override {
    return removeKeyResources(nullptr, K);
  }
  void handleTransferResources(uintptr_t DstK, uintptr_t SrcK) override {
    transferKeyResources(nullptr, DstK, SrcK);
  }
#endif
};

/// As ResourceManagerWithDylib, for ObjectLinkingLayer::Plugin.
template <typename PluginBaseT> class LinkPluginWithDylib : public PluginBaseT {
public:
  using PluginBaseT::PluginBaseT;
  virtual llvm::Error removeKeyResources(llvm::orc::JITDylib *JD,
                                         uintptr_t K) = 0;
  virtual void transferKeyResources(llvm::orc::JITDylib *JD, uintptr_t DstK,
                                    uintptr_t SrcK) = 0;

#if LLVM_VERSION_MAJOR >= 16
  llvm::Error notifyRemovingResources(llvm::orc::JITDylib &JD,
                                      uintptr_t K) override {
    return removeKeyResources(&JD, K);
  }
  void notifyTransferringResources(llvm::orc::JITDylib &JD, uintptr_t DstK,
                                   uintptr_t SrcK) override {
    transferKeyResources(&JD, DstK, SrcK);
  }
#else
  llvm::Error notifyRemovingResources(uintptr_t K) override {
    return removeKeyResources(nullptr, K);
  }
  void notifyTransferringResources(uintptr_t DstK, uintptr_t SrcK) override {
    transferKeyResources(nullptr, DstK, SrcK);
  }
#endif
};

//===-- End of the ORC section --------------------------------------------===//

//===-- IR ----------------------------------------------------------------===//

/// True for instructions that only carry debug info (llvm.dbg.* calls on
/// LLVM versions that still represent debug info as instructions).
inline bool isDebugInstruction(const llvm::Instruction &I) {
  return llvm::isa<llvm::DbgInfoIntrinsic>(I);
}

/// True if textual IR may hold debug records (`#dbg_value`, ...): LLVM 19
/// and later. Older majors only know llvm.dbg.* intrinsic calls.
constexpr bool HasDebugRecordSyntax = LLVM_VERSION_MAJOR >= 19;

/// Makes \p Ctx read and build opaque-pointer IR (`ptr`), as every major
/// from 15 does by default. Call it before parsing IR into \p Ctx.
inline void useOpaquePointers(llvm::LLVMContext &Ctx) {
#if LLVM_VERSION_MAJOR == 14
  Ctx.enableOpaquePointers();
#else
  (void)Ctx;
#endif
}

/// Calls \p Fn on each case value of \p SI that is not one of its operands.
/// Up to LLVM 21 the case values are operands (an operand walk sees them);
/// LLVM 22 keeps them in an array of their own.
template <typename FnT>
void forEachCaseValueOutsideOperands(const llvm::SwitchInst &SI, FnT Fn) {
#if LLVM_VERSION_MAJOR >= 22
  for (const auto &Case : SI.cases())
    Fn(Case.getCaseValue());
#else
  (void)SI;
  (void)Fn;
#endif
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
