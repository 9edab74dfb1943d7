//===- Registry.cpp - Loaded definitions, admitted atomically ------------===//
//
// admit() takes the write lock, checks every definition of the object, and
// only if none collides records them all; so a refused object leaves no
// trace, and concurrent admits see each other either entirely or not at all.
//
// Each name keeps a 40-byte Entry (Registry.h). Its owners are the objects
// whose name lists point at it: the entry counts them and remembers the
// earliest; when that one is removed, the next is found by a scan of the
// objects in admission order, only when a diagnostic or lookup() needs it.
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Check/Registry.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Demangle/Demangle.h"
#include <algorithm>
#include <cstring>

using namespace llvm;

namespace uniqlink {

void *EntryAllocator::Allocate(size_t Size, size_t Alignment) {
  assert(Alignment <= 8 && "entries are at most 8-byte aligned");
  size_t Class = (Size + 7) / 8;
  if (Class < Free.size() && Free[Class]) {
    void *P = Free[Class];
    std::memcpy(&Free[Class], P, sizeof(void *));
    return P;
  }
  return Slabs.Allocate(Class * 8, Align(8));
}

void EntryAllocator::Deallocate(const void *Ptr, size_t Size,
                                size_t Alignment) {
  size_t Class = (Size + 7) / 8;
  if (Class >= Free.size())
    Free.resize(Class + 1, nullptr);
  void *P = const_cast<void *>(Ptr);
  std::memcpy(P, &Free[Class], sizeof(void *));
  Free[Class] = P;
}

Registry::Registry(RegistryOptions Options) : Options(Options) {}
Registry::~Registry() = default;

static constexpr uint32_t kMaxOwners = (1u << 23) - 1;

namespace {
/// What decides whether two definitions of one name are the same.
struct Identity {
  SymbolKind Kind;
  uint64_t Hash;
  bool HasOdrHash;
  OdrHashPair Odr;

  Identity(const SymbolFingerprint &S)
      : Kind(S.Kind), Hash(S.Hash), HasOdrHash(S.HasOdrHash), Odr(S.Odr) {}
  Identity(SymbolKind Kind, uint64_t Hash, bool HasOdrHash, OdrHashPair Odr)
      : Kind(Kind), Hash(Hash), HasOdrHash(HasOdrHash), Odr(Odr) {}
};
} // namespace

/// Whether \p A and \p B (one name) are the same definition, and what
/// decided (see the top of Registry.h).
static std::pair<bool, Evidence> judge(const Identity &A, const Identity &B) {
  bool SameKind = A.Kind == B.Kind;
  if (!A.HasOdrHash || !B.HasOdrHash)
    return {SameKind && A.Hash == B.Hash, Evidence::Bytes};
  if (A.Odr.OwnHash != B.Odr.OwnHash || A.Odr.Hash == B.Odr.Hash)
    return {SameKind && A.Odr.Hash == B.Odr.Hash, Evidence::OdrTable};
  return {SameKind && A.Hash == B.Hash, Evidence::OdrTableThenBytes};
}

std::vector<ObjectHandle> Registry::ownersOf(const SymbolMap::MapEntryTy &E,
                                             bool All) const {
  std::vector<ObjectHandle> Owners;
  if (!All && E.second.Owner) {
    Owners.push_back(E.second.Owner);
    return Owners;
  }
  // Objects are ordered by handle, i.e. by admission.
  for (const auto &[H, Rec] : Objects) {
    if (llvm::is_contained(Rec.Names, &E))
      Owners.push_back(H);
    if (Owners.size() == (All ? E.second.NumOwners : 1u))
      break;
  }
  return Owners;
}

std::string Registry::originOf(const SymbolMap::MapEntryTy &E) const {
  std::vector<ObjectHandle> First = ownersOf(E, /*All=*/false);
  if (First.empty())
    return std::string();
  auto It = Objects.find(First.front());
  return It == Objects.end() ? std::string() : It->second.Origin;
}

Collision Registry::makeCollision(const SymbolMap::MapEntryTy &Loaded,
                                  const SymbolFingerprint &New,
                                  StringRef NewOrigin) const {
  // The loaded definition as far as it is known: in full under KeepDetail,
  // otherwise what the entry keeps.
  SymbolFingerprint Compact;
  const SymbolFingerprint *L = &Compact;
  auto Kept = Details.find(&Loaded);
  if (Kept != Details.end()) {
    L = &Kept->second;
  } else {
    const Entry &E = Loaded.second;
    Compact.Name = Loaded.first().str();
    Compact.Kind = SymbolKind(E.Kind);
    Compact.Binding = SymbolBinding(E.Binding);
    Compact.Hash = E.Hash;
    Compact.HasOdrHash = E.HasOdrHash;
    Compact.Odr = E.Odr;
    Compact.HasDetail = false;
    // A saturated size is only known to be at least that.
    Compact.Size =
        E.Size == UINT32_MAX ? std::max<uint64_t>(E.Size, New.Size) : E.Size;
    Compact.CommonAlign = E.commonAlign();
  }
  Collision C;
  C.Name = New.Name;
  C.Demangled = llvm::demangle(New.Name);
  C.IsCommon = L->isCommon() || New.isCommon();
  C.LoadedOrigin = originOf(Loaded);
  C.NewOrigin = NewOrigin.str();
  C.LoadedKind = L->Kind;
  C.NewKind = New.Kind;
  C.LoadedBinding = L->Binding;
  C.NewBinding = New.Binding;
  C.LoadedHash = L->Hash;
  C.NewHash = New.Hash;
  C.FirstDiff = firstDifference(*L, New);
  C.DecidedBy = judge(*L, New).second;
  if (C.DecidedBy != Evidence::Bytes) {
    C.LoadedOdr = L->Odr;
    C.NewOdr = New.Odr;
  }
  return C;
}

void explainCollisions(std::vector<Collision> &Collisions,
                       const ObjectFingerprint &Loaded,
                       const ObjectFingerprint &New) {
  auto Find = [](const ObjectFingerprint &OF,
                 StringRef Name) -> const SymbolFingerprint * {
    for (const SymbolFingerprint &S : OF.Symbols)
      if (S.Name == Name)
        return &S;
    return nullptr;
  };
  for (Collision &C : Collisions) {
    if (C.LoadedOrigin != Loaded.Origin || C.NewOrigin != New.Origin)
      continue;
    const SymbolFingerprint *L = Find(Loaded, C.Name);
    const SymbolFingerprint *N = Find(New, C.Name);
    // Only if these are the definitions that collided.
    if (L && N && L->Hash == C.LoadedHash && N->Hash == C.NewHash)
      C.FirstDiff = firstDifference(*L, *N);
  }
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
    const Entry &Loaded = It->second;
    Identity L(SymbolKind(Loaded.Kind), Loaded.Hash, Loaded.HasOdrHash,
               Loaded.Odr);
    if (judge(L, S).first) {
      if (Loaded.NumOwners == kMaxOwners)
        return createStringError(
            inconvertibleErrorCode(), "%s: '%s' is loaded %u times already",
            Object.Origin.c_str(), S.Name.c_str(), kMaxOwners);
      ++Result.DuplicateSymbols;
      continue;
    }
    Collision C = makeCollision(*It, S, Object.Origin);
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
  Rec.Origin = std::move(Object.Origin);
  Rec.Names.reserve(Object.Symbols.size());
  for (SymbolFingerprint &S : Object.Symbols) {
    auto [It, Inserted] = Symbols.try_emplace(S.Name);
    Entry &E = It->second;
    Rec.Names.push_back(&*It);
    if (!Inserted) {
      ++E.NumOwners;
      continue;
    }
    E.Hash = S.Hash;
    E.Odr = S.Odr;
    E.Size = uint32_t(std::min<uint64_t>(S.Size, UINT32_MAX));
    E.Owner = H;
    E.CommonAlignLog2 =
        S.CommonAlign ? std::min(Log2_64_Ceil(S.CommonAlign), 31u) : 0;
    E.NumOwners = 1;
    E.Kind = uint32_t(S.Kind);
    E.Binding = uint32_t(S.Binding);
    E.HasOdrHash = S.HasOdrHash;
    if (Options.KeepDetail && S.HasDetail)
      Details.emplace(&*It, std::move(S));
  }
  ResultOrErr->Handle = H;
  return ResultOrErr;
}

bool Registry::remove(ObjectHandle Handle) {
  std::unique_lock<std::shared_mutex> Lock(Mutex);
  auto Obj = Objects.find(Handle);
  if (Obj == Objects.end())
    return false;
  for (SymbolRef Sym : Obj->second.Names) {
    Entry &E = Sym->second;
    if (--E.NumOwners == 0) {
      if (!Details.empty())
        Details.erase(Sym);
      Symbols.remove(Sym);
      Sym->Destroy(Symbols.getAllocator());
      continue;
    }
    // The next owner is found when needed (originOf()).
    if (E.Owner == Handle)
      E.Owner = 0;
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
  const Entry &E = It->second;
  RegistryEntry R;
  R.Kind = SymbolKind(E.Kind);
  R.Binding = SymbolBinding(E.Binding);
  R.Size = E.Size;
  R.CommonAlign = E.commonAlign();
  R.Hash = E.Hash;
  R.HasOdrHash = E.HasOdrHash;
  R.Odr = E.Odr;
  R.Owners = ownersOf(*It, /*All=*/true);
  if (!R.Owners.empty())
    R.Origin = Objects.find(R.Owners.front())->second.Origin;
  auto Kept = Details.find(&*It);
  if (Kept != Details.end())
    R.Detail = Kept->second;
  return R;
}

size_t Registry::numSymbols() const {
  std::shared_lock<std::shared_mutex> Lock(Mutex);
  return Symbols.size();
}

size_t Registry::numObjects() const {
  std::shared_lock<std::shared_mutex> Lock(Mutex);
  return Objects.size();
}

} // namespace uniqlink
