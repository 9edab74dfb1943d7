//===- uniqlink/ORC/DylibNamespaces.h - Per-JITDylib state ------*- C++ -*-===//
//
// What ObjectGate and IRDefinitionGuard share: one namespace per JITDylib
// (the registry of a gate, the definition table of the guard) and, in each,
// the handles every ORC resource key owns, so that removing a
// ResourceTracker forgets exactly what was added under it and transferring
// one hands its handles on. Written once here; each user keeps its own
// state and mutex. Header-only: a template over that state.
//
// ORC's resource callbacks name the JITDylib from LLVM 16 on; on 14 and 15
// they carry only the resource key (uniqlink/Compat/ORC.h passes a null
// JITDylib). Resource keys are unique in a session, so the namespace is then
// the one in which the key owns something.
//
//===----------------------------------------------------------------------===//
#ifndef UNIQLINK_ORC_DYLIBNAMESPACES_H
#define UNIQLINK_ORC_DYLIBNAMESPACES_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ExecutionEngine/Orc/Core.h"
#include <algorithm>
#include <utility>
#include <vector>

namespace uniqlink {

/// Per JITDylib a \p StateT (created on first use, value-initialized) and
/// the \p HandleT handles each resource key owns in it. Not thread-safe: the
/// owner's mutex guards it.
template <typename StateT, typename HandleT> class DylibNamespaces {
public:
  struct Namespace {
    StateT State = StateT();
    llvm::DenseMap<llvm::orc::ResourceKey, std::vector<HandleT>> ByKey;
  };

  /// What detach() took: the state of the namespace in which the key owned
  /// handles (null if it owned none) and those handles.
  struct Detached {
    StateT *State = nullptr;
    std::vector<HandleT> Handles;
  };

  /// \p JD's namespace, created on first use. References stay valid until
  /// the next call that may create one.
  Namespace &get(const llvm::orc::JITDylib &JD) { return Map[&JD]; }

  /// \p JD's namespace, or null if it has none yet.
  const Namespace *find(const llvm::orc::JITDylib &JD) const {
    auto It = Map.find(&JD);
    return It == Map.end() ? nullptr : &It->second;
  }

  /// Makes \p K the owner of \p H in \p JD's namespace.
  void attach(const llvm::orc::JITDylib &JD, llvm::orc::ResourceKey K,
              HandleT H) {
    get(JD).ByKey[K].push_back(H);
  }

  /// Takes every handle \p K owns, for the caller to release. A null \p JD
  /// means the JITDylib in which \p K owns something.
  Detached detach(const llvm::orc::JITDylib *JD, llvm::orc::ResourceKey K) {
    Detached D;
    Namespace *NS = owner(JD, K);
    if (NS && take(*NS, K, D.Handles))
      D.State = &NS->State;
    return D;
  }

  /// Takes \p H from the handles some key owns in \p JD's namespace (an add
  /// that failed after its admission): first from \p K, which admitted it,
  /// else from whichever key a transfer handed it to. The state of that
  /// namespace, or null if no key owns \p H there.
  StateT *detachOne(const llvm::orc::JITDylib &JD, llvm::orc::ResourceKey K,
                    HandleT H) {
    auto NS = Map.find(&JD);
    if (NS == Map.end())
      return nullptr;
    auto &ByKey = NS->second.ByKey;
    auto TakeFrom = [&](auto It) {
      std::vector<HandleT> &Handles = It->second;
      auto Pos = std::find(Handles.begin(), Handles.end(), H);
      if (Pos == Handles.end())
        return false;
      Handles.erase(Pos);
      if (Handles.empty())
        ByKey.erase(It);
      return true;
    };
    auto Admitter = ByKey.find(K);
    if (Admitter != ByKey.end() && TakeFrom(Admitter))
      return &NS->second.State;
    for (auto It = ByKey.begin(), E = ByKey.end(); It != E; ++It)
      if (TakeFrom(It))
        return &NS->second.State;
    return nullptr;
  }

  /// Hands every handle \p SrcK owns to \p DstK (a null \p JD as above).
  void transfer(const llvm::orc::JITDylib *JD, llvm::orc::ResourceKey DstK,
                llvm::orc::ResourceKey SrcK) {
    Namespace *NS = owner(JD, SrcK);
    std::vector<HandleT> Handles;
    if (!NS || !take(*NS, SrcK, Handles))
      return;
    std::vector<HandleT> &Dst = NS->ByKey[DstK];
    Dst.insert(Dst.end(), Handles.begin(), Handles.end());
  }

private:
  /// The namespace of \p JD, or with a null \p JD the one in which \p K owns
  /// handles; null if there is none.
  Namespace *owner(const llvm::orc::JITDylib *JD, llvm::orc::ResourceKey K) {
    if (JD) {
      auto It = Map.find(JD);
      return It == Map.end() ? nullptr : &It->second;
    }
    for (auto &Entry : Map)
      if (Entry.second.ByKey.count(K))
        return &Entry.second;
    return nullptr;
  }

  /// Moves \p K's handles out of \p NS into \p Handles; false if \p K
  /// owns nothing there.
  static bool take(Namespace &NS, llvm::orc::ResourceKey K,
                   std::vector<HandleT> &Handles) {
    auto It = NS.ByKey.find(K);
    if (It == NS.ByKey.end())
      return false;
    Handles = std::move(It->second);
    NS.ByKey.erase(It);
    return true;
  }

  llvm::DenseMap<const llvm::orc::JITDylib *, Namespace> Map;
};

} // namespace uniqlink

#endif // UNIQLINK_ORC_DYLIBNAMESPACES_H
