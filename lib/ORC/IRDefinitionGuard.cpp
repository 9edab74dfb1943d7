//===- IRDefinitionGuard.cpp - Refuse colliding weak IR definitions -------===//
//
// The IR-level check for modules that were not renamed: per JITDylib a table
// from the name of every mergeable definition (uniqlink/Hash/Eligibility.h)
// to its IR content hash (lib/Hash), the module that first added it and how
// many admitted modules hold it. A module is admitted as a whole or not at
// all; its names go with the last module that holds them. The namespaces and
// which resource key owns which module are ObjectGate's too
// (uniqlink/ORC/DylibNamespaces.h).
//
// The table is the registry's model (uniqlink/Check/Registry.h) but not the
// Registry: the guard's error, a plain string checked by tests, names the
// module that first added a body for as long as the name stays recorded,
// where the Registry names its earliest owner still loaded; a Registry
// entry also caps its owners at 2^23-1, the guard does not.
//
//===----------------------------------------------------------------------===//

#include "uniqlink/ORC/IRDefinitionGuard.h"
#include "uniqlink/Hash/ContentHash.h"
#include "uniqlink/Hash/Eligibility.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/GlobalValue.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace llvm::orc;

namespace uniqlink {

namespace {

std::string hex(uint64_t V) {
  std::string S;
  raw_string_ostream(S) << format_hex(V, 18);
  return S;
}

/// Every mergeable definition of \p M (Eligibility.h) with its IR content
/// hash, in module order. References count as Eligibility.h's refKindOf says.
std::vector<std::pair<std::string, uint64_t>>
hashWeakDefinitions(const Module &M) {
  ContentHashes Hashes = computeContentHashes(M, [](const GlobalValue &GV) {
    return refKindOf(GV, isMergeableDefinition);
  });
  std::vector<std::pair<std::string, uint64_t>> Defs;
  for (const GlobalValue &GV : M.global_values())
    if (isMergeableDefinition(GV)) {
      auto It = Hashes.find(&GV);
      if (It != Hashes.end())
        Defs.emplace_back(GV.getName().str(), It->second);
    }
  return Defs;
}

} // namespace

IRDefinitionGuard::IRDefinitionGuard(ExecutionSession &ES) : ES(ES) {
  ES.registerResourceManager(*this);
}

IRDefinitionGuard::~IRDefinitionGuard() { ES.deregisterResourceManager(*this); }

Error IRDefinitionGuard::admit(ResourceTracker &RT, const Module &M) {
  Expected<ModuleHandle> H = admitModule(RT, M);
  return H ? Error::success() : H.takeError();
}

Expected<IRDefinitionGuard::ModuleHandle>
IRDefinitionGuard::admitModule(ResourceTracker &RT, const Module &M) {
  NameHashes Defs = hashWeakDefinitions(M);
  JITDylib &JD = RT.getJITDylib();
  std::lock_guard<std::mutex> Lock(Mutex);
  Table &T = Namespaces.get(JD).State;
  std::string Msg = describeCollisions(T, Defs, M, JD);
  if (!Msg.empty())
    return createStringError(inconvertibleErrorCode(), Msg);
  if (Defs.empty())
    return 0;
  ModuleHandle H = record(T, Defs, M.getModuleIdentifier());
  Namespaces.attach(JD, RT.getKeyUnsafe(), H);
  return H;
}

std::string IRDefinitionGuard::describeCollisions(const Table &T,
                                                  const NameHashes &Defs,
                                                  const Module &M,
                                                  const JITDylib &JD) {
  std::string Msg;
  raw_string_ostream OS(Msg);
  for (const auto &[Name, Hash] : Defs) {
    auto It = T.Defs.find(Name);
    if (It == T.Defs.end() || It->second.Hash == Hash)
      continue;
    if (!Msg.empty())
      OS << "\n";
    OS << "uniqlink: module '" << M.getModuleIdentifier()
       << "' defines weak symbol '" << demangle(Name) << "' (" << Name
       << ") with IR content hash " << hex(Hash) << ", but module '"
       << It->second.Origin << "' already added a different body ("
       << hex(It->second.Hash) << ") to JITDylib '" << JD.getName() << "'";
  }
  return Msg;
}

IRDefinitionGuard::ModuleHandle
IRDefinitionGuard::record(Table &T, const NameHashes &Defs, StringRef Origin) {
  ModuleHandle H = NextHandle++;
  std::vector<std::string> &Names = T.Modules[H];
  for (const auto &[Name, Hash] : Defs) {
    auto [It, Inserted] = T.Defs.try_emplace(Name);
    if (Inserted) {
      It->second.Hash = Hash;
      It->second.Origin = Origin.str();
    }
    ++It->second.NumOwners;
    Names.push_back(Name);
  }
  return H;
}

Error IRDefinitionGuard::addIRModule(LLJIT &J, ResourceTrackerSP RT,
                                     ThreadSafeModule TSM) {
  if (!TSM || !RT)
    return createStringError(inconvertibleErrorCode(),
                             "uniqlink: addIRModule: no module or tracker");
  Expected<ModuleHandle> H =
      TSM.withModuleDo([&](Module &M) { return admitModule(*RT, M); });
  if (!H)
    return H.takeError();
  ResourceKey K = RT->getKeyUnsafe();
  JITDylib &JD = RT->getJITDylib();
  if (Error Err = J.addIRModule(RT, std::move(TSM))) {
    // Only this module: others under the same tracker stay loaded.
    if (*H)
      forgetModule(JD, K, *H);
    return Err;
  }
  return Error::success();
}

size_t IRDefinitionGuard::numDefinitions(const JITDylib &JD) const {
  std::lock_guard<std::mutex> Lock(Mutex);
  const auto *NS = Namespaces.find(JD);
  return NS ? NS->State.Defs.size() : 0;
}

void IRDefinitionGuard::forget(Table &T, ModuleHandle H) {
  auto Mod = T.Modules.find(H);
  if (Mod == T.Modules.end())
    return;
  for (const std::string &Name : Mod->second) {
    auto It = T.Defs.find(Name);
    if (It != T.Defs.end() && --It->second.NumOwners == 0)
      T.Defs.erase(It);
  }
  T.Modules.erase(Mod);
}

void IRDefinitionGuard::forgetModule(const JITDylib &JD, ResourceKey K,
                                     ModuleHandle H) {
  std::lock_guard<std::mutex> Lock(Mutex);
  if (Table *T = Namespaces.detachOne(JD, K, H))
    forget(*T, H);
}

void IRDefinitionGuard::forgetKey(const JITDylib *JD, ResourceKey K) {
  std::lock_guard<std::mutex> Lock(Mutex);
  auto Detached = Namespaces.detach(JD, K);
  for (ModuleHandle H : Detached.Handles)
    forget(*Detached.State, H);
}

Error IRDefinitionGuard::removeKeyResources(JITDylib *JD, ResourceKey K) {
  forgetKey(JD, K);
  return Error::success();
}

void IRDefinitionGuard::transferKeyResources(JITDylib *JD, ResourceKey DstK,
                                             ResourceKey SrcK) {
  std::lock_guard<std::mutex> Lock(Mutex);
  Namespaces.transfer(JD, DstK, SrcK);
}

} // namespace uniqlink
