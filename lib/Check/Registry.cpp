//===- Registry.cpp - Loaded definitions, admitted atomically ------------===//
//
// admit() takes the write lock, checks every definition of the object, and
// only if none collides records them all; so a refused object leaves no
// trace, and concurrent admits see each other either entirely or not at all.
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Registry.h"
#include "uniqlink/Compat.h"
#include "llvm/Demangle/Demangle.h"

using namespace llvm;

namespace uniqlink {

Registry::Registry(RegistryOptions Options) : Options(Options) {}
Registry::~Registry() = default;

/// Both sides carry an ODR table hash: it decides.
static bool decidedByTable(const SymbolFingerprint &A,
                           const SymbolFingerprint &B) {
  return A.HasOdrHash && B.HasOdrHash;
}

static Collision makeCollision(const RegistryEntry &Loaded,
                               const SymbolFingerprint &New,
                               StringRef NewOrigin) {
  Collision C;
  C.Name = New.Name;
  C.Demangled = llvm::demangle(New.Name);
  C.IsCommon = Loaded.Fingerprint.isCommon() || New.isCommon();
  C.LoadedOrigin = Loaded.Origin;
  C.NewOrigin = NewOrigin.str();
  C.LoadedKind = Loaded.Fingerprint.Kind;
  C.NewKind = New.Kind;
  C.LoadedBinding = Loaded.Fingerprint.Binding;
  C.NewBinding = New.Binding;
  C.LoadedHash = Loaded.Fingerprint.Hash;
  C.NewHash = New.Hash;
  C.FirstDiff = firstDifference(Loaded.Fingerprint, New);
  if (decidedByTable(Loaded.Fingerprint, New)) {
    C.DecidedBy = Evidence::OdrTable;
    C.LoadedOdrHash = Loaded.Fingerprint.OdrHash;
    C.NewOdrHash = New.OdrHash;
  }
  return C;
}

Expected<AdmitResult>
Registry::checkLocked(const ObjectFingerprint &Object) const {
  AdmitResult Result;
  std::vector<Collision> Collisions;
  for (const SymbolFingerprint &S : Object.Symbols) {
    auto It = Symbols.find(S.Name);
    if (It == Symbols.end()) {
      ++Result.NewSymbols;
      continue;
    }
    const RegistryEntry &Loaded = It->second;
    bool Same = Loaded.Fingerprint.Kind == S.Kind &&
                (decidedByTable(Loaded.Fingerprint, S)
                     ? Loaded.Fingerprint.OdrHash == S.OdrHash
                     : Loaded.Fingerprint.Hash == S.Hash);
    if (Same) {
      ++Result.DuplicateSymbols;
      continue;
    }
    Collision C = makeCollision(Loaded, S, Object.Origin);
    if (C.IsCommon) {
      if (Options.Common == CommonPolicy::Accept) {
        ++Result.DuplicateSymbols;
        continue;
      }
      if (Options.Common == CommonPolicy::Warn) {
        ++Result.DuplicateSymbols;
        Result.Warnings.push_back(std::move(C));
        continue;
      }
    }
    Collisions.push_back(std::move(C));
    if (!Options.ReportAll)
      break;
  }
  if (!Collisions.empty())
    return make_error<CollisionError>(Object.Origin, std::move(Collisions));
  return Result;
}

Expected<AdmitResult> Registry::check(const ObjectFingerprint &Object) const {
  std::shared_lock<std::shared_mutex> Lock(Mutex);
  return checkLocked(Object);
}

Expected<AdmitResult> Registry::admit(ObjectFingerprint Object) {
  std::unique_lock<std::shared_mutex> Lock(Mutex);
  auto ResultOrErr = checkLocked(Object);
  if (!ResultOrErr)
    return ResultOrErr.takeError();
  ObjectHandle H = NextHandle++;
  ObjectRecord &Rec = Objects[H];
  Rec.Origin = Object.Origin;
  Rec.Names.reserve(Object.Symbols.size());
  for (SymbolFingerprint &S : Object.Symbols) {
    Rec.Names.push_back(S.Name);
    auto [It, Inserted] = Symbols.try_emplace(S.Name);
    RegistryEntry &E = It->second;
    if (Inserted) {
      E.Origin = Object.Origin;
      E.Fingerprint = std::move(S);
    }
    E.Owners.push_back(H);
  }
  ResultOrErr->Handle = H;
  return ResultOrErr;
}

bool Registry::remove(ObjectHandle Handle) {
  std::unique_lock<std::shared_mutex> Lock(Mutex);
  auto Obj = Objects.find(Handle);
  if (Obj == Objects.end())
    return false;
  for (const std::string &Name : Obj->second.Names) {
    auto It = Symbols.find(Name);
    if (It == Symbols.end())
      continue;
    RegistryEntry &E = It->second;
    bool WasFirst = !E.Owners.empty() && E.Owners.front() == Handle;
    compat::eraseValue(E.Owners, Handle);
    if (E.Owners.empty()) {
      Symbols.erase(It);
      continue;
    }
    if (WasFirst) {
      auto Next = Objects.find(E.Owners.front());
      if (Next != Objects.end())
        E.Origin = Next->second.Origin;
    }
  }
  Objects.erase(Obj);
  return true;
}

size_t Registry::removeOrigin(StringRef Origin) {
  std::vector<ObjectHandle> Handles;
  {
    std::shared_lock<std::shared_mutex> Lock(Mutex);
    for (const auto &[H, Rec] : Objects)
      if (Rec.Origin == Origin)
        Handles.push_back(H);
  }
  size_t N = 0;
  for (ObjectHandle H : Handles)
    N += remove(H);
  return N;
}

std::optional<RegistryEntry> Registry::lookup(StringRef Name) const {
  std::shared_lock<std::shared_mutex> Lock(Mutex);
  auto It = Symbols.find(Name);
  if (It == Symbols.end())
    return std::nullopt;
  return It->second;
}

size_t Registry::numSymbols() const {
  std::shared_lock<std::shared_mutex> Lock(Mutex);
  return Symbols.size();
}

size_t Registry::numObjects() const {
  std::shared_lock<std::shared_mutex> Lock(Mutex);
  return Objects.size();
}

Registry &RegistrySet::get(StringRef Namespace) {
  std::lock_guard<std::mutex> Lock(Mutex);
  std::unique_ptr<Registry> &R = Namespaces[Namespace];
  if (!R)
    R = std::make_unique<Registry>(Options);
  return *R;
}

bool RegistrySet::erase(StringRef Namespace) {
  std::lock_guard<std::mutex> Lock(Mutex);
  return Namespaces.erase(Namespace);
}

} // namespace uniqlink
