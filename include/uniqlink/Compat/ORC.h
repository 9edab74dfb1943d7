//===- uniqlink/Compat/ORC.h - ORC and JITLink shims ------------*- C++ -*-===//
//
// Every difference between the LLVM majors uniqlink builds against (14, 15,
// 16, 19, 22) lives in uniqlink/Compat/, so the rest of the code reads as if
// there were one LLVM. Each shim is a small inline function or alias named
// after what it does, not after the version that needs it. One header per
// layer, so that a library includes only the LLVM headers of its own layer:
// Support.h (ADT, Support), IR.h, Passes.h (pass plugins), ORC.h.
//
// This one: ORC and JITLink. Templates, so that this header does not pull
// the ORC headers into every user; they are instantiated only where ORC is
// already included.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_COMPAT_ORC_H
#define UNIQLINK_COMPAT_ORC_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <cstring>
#include <memory>
#include <type_traits>
#include <utility>

namespace llvm {
namespace orc {
class JITDylib;
} // namespace orc
} // namespace llvm

namespace uniqlink {
namespace compat {

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

/// A JITLink pass that calls (\p Obj.*Fn)(\p Arg, G), for a pass list
/// (unique_function<Error(LinkGraph &)>). unique_function keeps a callable
/// of up to three pointers inline, but LLVM 17 to 19 compare its alignment
/// with that of a byte array (1), so a lambda capturing two pointers is
/// allocated on the heap, once per link. This one holds its pointers as
/// bytes (alignment 1, trivially movable): inline on every major.
template <typename ObjT, typename ArgT, auto Fn> class MemberPass {
public:
  MemberPass(ObjT &Obj, ArgT &Arg) {
    ObjT *O = &Obj;
    ArgT *A = &Arg;
    std::memcpy(Bytes, &O, sizeof(O));
    std::memcpy(Bytes + sizeof(O), &A, sizeof(A));
  }
  template <typename LinkGraphT> llvm::Error operator()(LinkGraphT &G) const {
    ObjT *O;
    ArgT *A;
    std::memcpy(&O, Bytes, sizeof(O));
    std::memcpy(&A, Bytes + sizeof(O), sizeof(A));
    return (O->*Fn)(*A, G);
  }

private:
  unsigned char Bytes[sizeof(ObjT *) + sizeof(ArgT *)];
};

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

} // namespace compat
} // namespace uniqlink

#endif // UNIQLINK_COMPAT_ORC_H
