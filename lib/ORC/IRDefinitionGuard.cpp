//===- IRDefinitionGuard.cpp - Refuse colliding weak IR definitions -------===//
//
// The IR-level check for modules that were not renamed: one table per
// JITDylib from the name of every mergeable definition
// (uniqlink/Hash/Eligibility.h) to its content hash (lib/Hash). A module is
// admitted as a whole or not at all.
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

} // namespace

IRDefinitionGuard::IRDefinitionGuard(ExecutionSession &ES) : ES(ES) {
  ES.registerResourceManager(*this);
}

IRDefinitionGuard::~IRDefinitionGuard() { ES.deregisterResourceManager(*this); }

Error IRDefinitionGuard::admit(ResourceTracker &RT, const Module &M) {
  // Every mergeable definition (Eligibility.h) is recorded; references to
  // them and to local definitions count by content.
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

  std::lock_guard<std::mutex> Lock(Mutex);
  Namespace &NS = Namespaces[&RT.getJITDylib()];
  std::string Msg;
  raw_string_ostream OS(Msg);
  for (const auto &[Name, Hash] : Defs) {
    auto It = NS.Defs.find(Name);
    if (It == NS.Defs.end() || It->second.Hash == Hash)
      continue;
    if (!Msg.empty())
      OS << "\n";
    OS << "uniqlink: module '" << M.getModuleIdentifier()
       << "' defines weak symbol '" << demangle(Name) << "' (" << Name
       << ") with IR content hash " << hex(Hash) << ", but module '"
       << It->second.Origin << "' already added a different body ("
       << hex(It->second.Hash) << ") to JITDylib '"
       << RT.getJITDylib().getName() << "'";
  }
  if (!Msg.empty())
    return createStringError(inconvertibleErrorCode(), Msg);

  ResourceKey K = RT.getKeyUnsafe();
  std::vector<std::string> &Names = NS.ByKey[K];
  for (const auto &[Name, Hash] : Defs) {
    auto [It, Inserted] = NS.Defs.try_emplace(Name);
    if (Inserted) {
      It->second.Hash = Hash;
      It->second.Origin = M.getModuleIdentifier();
    }
    It->second.Owners.push_back(K);
    Names.push_back(Name);
  }
  return Error::success();
}

Error IRDefinitionGuard::addIRModule(LLJIT &J, ResourceTrackerSP RT,
                                     ThreadSafeModule TSM) {
  if (!TSM || !RT)
    return createStringError(inconvertibleErrorCode(),
                             "uniqlink: addIRModule: no module or tracker");
  if (Error Err = TSM.withModuleDo([&](Module &M) { return admit(*RT, M); }))
    return Err;
  ResourceKey K = RT->getKeyUnsafe();
  JITDylib &JD = RT->getJITDylib();
  if (Error Err = J.addIRModule(RT, std::move(TSM))) {
    std::lock_guard<std::mutex> Lock(Mutex);
    forget(Namespaces[&JD], K);
    return Err;
  }
  return Error::success();
}

size_t IRDefinitionGuard::numDefinitions(const JITDylib &JD) const {
  std::lock_guard<std::mutex> Lock(Mutex);
  auto It = Namespaces.find(&JD);
  return It == Namespaces.end() ? 0 : It->second.Defs.size();
}

void IRDefinitionGuard::forget(Namespace &NS, ResourceKey K) {
  auto KeyIt = NS.ByKey.find(K);
  if (KeyIt == NS.ByKey.end())
    return;
  for (const std::string &Name : KeyIt->second) {
    auto It = NS.Defs.find(Name);
    if (It == NS.Defs.end())
      continue;
    auto &Owners = It->second.Owners;
    auto O = llvm::find(Owners, K);
    if (O != Owners.end())
      Owners.erase(O);
    if (Owners.empty())
      NS.Defs.erase(It);
  }
  NS.ByKey.erase(KeyIt);
}

IRDefinitionGuard::Namespace *IRDefinitionGuard::namespaceOf(const JITDylib *JD,
                                                             ResourceKey K) {
  if (JD) {
    auto It = Namespaces.find(JD);
    return It == Namespaces.end() ? nullptr : &It->second;
  }
  for (auto &Entry : Namespaces)
    if (Entry.second.ByKey.count(K))
      return &Entry.second;
  return nullptr;
}

Error IRDefinitionGuard::removeKeyResources(JITDylib *JD, ResourceKey K) {
  std::lock_guard<std::mutex> Lock(Mutex);
  if (Namespace *NS = namespaceOf(JD, K))
    forget(*NS, K);
  return Error::success();
}

void IRDefinitionGuard::transferKeyResources(JITDylib *JD, ResourceKey DstK,
                                             ResourceKey SrcK) {
  std::lock_guard<std::mutex> Lock(Mutex);
  Namespace *NSP = namespaceOf(JD, SrcK);
  if (!NSP)
    return;
  Namespace &NS = *NSP;
  auto Src = NS.ByKey.find(SrcK);
  if (Src == NS.ByKey.end())
    return;
  std::vector<std::string> Names = std::move(Src->second);
  NS.ByKey.erase(Src);
  for (const std::string &Name : Names) {
    auto D = NS.Defs.find(Name);
    if (D != NS.Defs.end())
      for (ResourceKey &Owner : D->second.Owners)
        if (Owner == SrcK)
          Owner = DstK;
  }
  auto &Dst = NS.ByKey[DstK];
  Dst.insert(Dst.end(), Names.begin(), Names.end());
}

} // namespace uniqlink
