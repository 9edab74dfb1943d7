//===- OdrTable.cpp - IR content hashes carried in the object ------------===//
//
// Stashes the front end's ODR hash pair of each weak definition as metadata,
// and at the end of the pipeline writes the (final name, hashes) table into a
// non-loaded section so uniqlink-check can judge "same body" by IR content
// instead of machine code: the stash, collect and emit steps and their
// passes. The hashes are those of the module in its normalized form
// (OdrNormalize.cpp), taken through OdrView.cpp without copying the module
// (or, on request or when the view cannot stand for the form, on a
// normalized copy); the section name comes from OdrSection.cpp. See
// uniqlink/Pass/OdrTable.h and uniqlink/Format/OdrTable.h.
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Pass/OdrTable.h"

#include "OdrNormalize.h"
#include "OdrSection.h"
#include "OdrView.h"

#include "uniqlink/Compat/IR.h"
#include "uniqlink/Hash/ContentHash.h"
#include "uniqlink/Hash/Eligibility.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Mangler.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"
#include "llvm/Transforms/Utils/ValueMapper.h"
#include <optional>

using namespace llvm;

namespace uniqlink {

/// The definitions the table describes: the mergeable ones
/// (uniqlink/Hash/Eligibility.h) that are global objects with a name (an
/// alias has no body of its own; an unnamed one no symbol to look up), but
/// not the table itself.
static bool isRecorded(const GlobalValue &GV) {
  if (!isMergeableDefinition(GV) || !isa<GlobalObject>(GV) ||
      GV.getName().empty())
    return false;
  return GV.getName() != OdrTableGlobal;
}

/// References to recorded and local definitions count by content, to
/// everything else by name.
static RefKind odrRefKind(const GlobalValue &GV) {
  return refKindOf(GV, isRecorded);
}

static unsigned stashKind(LLVMContext &Ctx) {
  return Ctx.getMDKindID(OdrHashMetadata);
}

static std::optional<OdrHashPair> stashedHash(const GlobalObject &GO,
                                              unsigned Kind) {
  const MDNode *N = GO.getMetadata(Kind);
  if (!N || N->getNumOperands() != 2)
    return std::nullopt;
  auto *H = mdconst::dyn_extract_or_null<ConstantInt>(N->getOperand(0));
  auto *Own = mdconst::dyn_extract_or_null<ConstantInt>(N->getOperand(1));
  if (!H || !Own)
    return std::nullopt;
  return OdrHashPair{H->getZExtValue(), Own->getZExtValue()};
}

/// How references count in the own hashes: to recorded definitions by name
/// (as after referToWeakDefinitionsByName), to the rest as in odrRefKind.
static RefKind odrOwnRefKind(const GlobalValue &GV) {
  return isRecorded(GV) ? RefKind::ByName : odrRefKind(GV);
}

/// Makes every reference to a weak definition of \p M refer to an external
/// declaration of the definition's name instead (the definition itself gets
/// another name), so that content hashes see each body alone.
static void referToWeakDefinitionsByName(Module &M) {
  std::vector<GlobalObject *> Weak;
  for (GlobalObject &GO : M.global_objects())
    if (isRecorded(GO) && !GO.use_empty())
      Weak.push_back(&GO);
  for (GlobalObject *GO : Weak) {
    std::string Name = GO->getName().str();
    GO->setName(Name + ".odr.body");
    GlobalObject *Decl;
    if (auto *F = dyn_cast<Function>(GO))
      Decl =
          Function::Create(F->getFunctionType(), GlobalValue::ExternalLinkage,
                           F->getAddressSpace(), Name, &M);
    else
      Decl = new GlobalVariable(
          M, cast<GlobalVariable>(GO)->getValueType(),
          cast<GlobalVariable>(GO)->isConstant(), GlobalValue::ExternalLinkage,
          /*Initializer=*/nullptr, Name, /*InsertBefore=*/nullptr,
          cast<GlobalVariable>(GO)->getThreadLocalMode(),
          GO->getAddressSpace());
    GO->replaceAllUsesWith(Decl);
  }
}

/// The ODR hashes of \p Roots (weak definitions of \p M), computed on a
/// normalized copy of \p M: the definition of the form, which the view
/// (computeOdrHashes) reproduces without the copy.
static OdrHashes computeOdrHashesOnCopy(const Module &M,
                                        ArrayRef<const GlobalValue *> Roots) {
  ValueToValueMapTy VMap;
  std::unique_ptr<Module> Copy = CloneModule(M, VMap);
  normalizeForOdr(*Copy);
  // Original -> copy, kept apart from VMap, whose handles follow the RAUW
  // of referToWeakDefinitionsByName.
  std::vector<std::pair<const GlobalValue *, const GlobalValue *>> Pairs;
  std::vector<const GlobalValue *> CopyRoots;
  for (const GlobalValue *GV : Roots)
    if (auto *C = dyn_cast_or_null<GlobalValue>(VMap.lookup(GV))) {
      Pairs.emplace_back(GV, C);
      CopyRoots.push_back(C);
    }
  ContentHashes Hashes = computeContentHashes(*Copy, odrRefKind, CopyRoots);
  referToWeakDefinitionsByName(*Copy);
  ContentHashes Own = computeContentHashes(*Copy, odrRefKind, CopyRoots);
  OdrHashes Out;
  for (auto [GV, C] : Pairs) {
    auto H = Hashes.find(C);
    auto O = Own.find(C);
    if (H != Hashes.end() && O != Own.end())
      Out[GV] = {H->second, O->second};
  }
  return Out;
}

/// The ODR hashes of \p Roots (weak definitions of \p M) through \p View.
static OdrHashes computeOdrHashesThrough(OdrView &View, const Module &M,
                                         ArrayRef<const GlobalValue *> Roots) {
  HashOptions Opts;
  Opts.View = &View;
  // One walk for both: the own hashes differ only in references to
  // recorded definitions, which they count by name.
  auto [Hashes, Own] =
      computeContentHashPair(M, odrRefKind, Roots, Opts, odrOwnRefKind);
  OdrHashes Out;
  Out.reserve(Roots.size());
  for (const GlobalValue *GV : Roots) {
    auto H = Hashes.find(GV);
    auto O = Own.find(GV);
    if (H != Hashes.end() && O != Own.end())
      Out[GV] = {H->second, O->second};
  }
  return Out;
}

/// The ODR hashes of \p Roots (weak definitions of \p M): through an
/// OdrView of \p M unless \p How asks for the copy or the view cannot
/// stand for the normalized module.
static OdrHashes computeOdrHashes(Module &M,
                                  ArrayRef<const GlobalValue *> Roots,
                                  OdrHashing How = OdrHashing::InPlace) {
  if (How == OdrHashing::InPlace) {
    OdrView View(M);
    if (View.isFaithful())
      return computeOdrHashesThrough(View, M, Roots);
  }
  return computeOdrHashesOnCopy(M, Roots);
}

unsigned stashOdrHashes(Module &M, OdrHashing How) {
  unsigned Kind = stashKind(M.getContext());
  std::vector<const GlobalValue *> Roots;
  for (const GlobalValue &GV : M.global_values())
    if (isRecorded(GV) && !cast<GlobalObject>(GV).getMetadata(Kind))
      Roots.push_back(&GV);
  if (Roots.empty())
    return 0;
  OdrHashes Hashes = computeOdrHashes(M, Roots, How);
  Type *I64 = Type::getInt64Ty(M.getContext());
  unsigned N = 0;
  for (const GlobalValue *GV : Roots) {
    auto It = Hashes.find(GV);
    if (It == Hashes.end())
      continue;
    auto *GO = const_cast<GlobalObject *>(cast<GlobalObject>(GV));
    auto Int = [&](uint64_t V) {
      return ConstantAsMetadata::get(ConstantInt::get(I64, V));
    };
    GO->setMetadata(
        Kind, MDNode::get(M.getContext(),
                          {Int(It->second.Hash), Int(It->second.OwnHash)}));
    ++N;
  }
  return N;
}

OdrHashes collectOdrHashes(Module &M) {
  // Definitions created after the stash get their hash now.
  stashOdrHashes(M);
  unsigned Kind = stashKind(M.getContext());
  OdrHashes Out;
  for (GlobalObject &GO : M.global_objects()) {
    if (isRecorded(GO))
      if (std::optional<OdrHashPair> H = stashedHash(GO, Kind))
        Out[&GO] = *H;
    // The stash must not change later content hashes (unique-linkonce).
    GO.setMetadata(Kind, nullptr);
  }
  return Out;
}

std::vector<OdrEntry> emitOdrTable(Module &M, const OdrHashes &Collected) {
  LLVMContext &Ctx = M.getContext();
  // Weak definitions the collection did not see get their hash now.
  std::vector<const GlobalValue *> Missing;
  for (GlobalObject &GO : M.global_objects())
    if (isRecorded(GO) && !Collected.count(&GO))
      Missing.push_back(&GO);
  OdrHashes Late;
  if (!Missing.empty())
    Late = computeOdrHashes(M, Missing);
  // Entries carry the object's symbol names (Mach-O: "_" + IR name).
  // A module without a data layout (hand-written IR; opt before LLVM 15
  // does not fill it in) still gets the "_" that Mach-O codegen will add.
  Mangler Mang;
  bool AddMachOPrefix =
      M.getDataLayoutStr().empty() &&
      isMachOTriple(compat::tripleString(M.getTargetTriple()));
  auto SymbolName = [&](const GlobalValue &GV) {
    SmallString<128> Name;
    if (AddMachOPrefix)
      Name += '_';
    Mang.getNameWithPrefix(Name, &GV, /*CannotUsePrivateLabel=*/false);
    return std::string(Name);
  };
  std::vector<OdrEntry> Entries;
  for (GlobalObject &GO : M.global_objects()) {
    if (!isRecorded(GO))
      continue;
    auto It = Collected.find(&GO);
    if (It != Collected.end()) {
      Entries.push_back({SymbolName(GO), It->second});
      continue;
    }
    auto L = Late.find(&GO);
    if (L != Late.end())
      Entries.push_back({SymbolName(GO), L->second});
  }
  llvm::sort(Entries, [](const OdrEntry &A, const OdrEntry &B) {
    return A.Name < B.Name;
  });

  GlobalVariable *Old = M.getGlobalVariable(OdrTableGlobal, true);
  if (Entries.empty() && !Old)
    return Entries;
  std::vector<uint8_t> Bytes = encodeOdrTable(Entries);
  Constant *Init = ConstantDataArray::get(Ctx, ArrayRef<uint8_t>(Bytes));
  auto *GV = new GlobalVariable(M, Init->getType(), /*isConstant=*/true,
                                GlobalValue::PrivateLinkage, Init,
                                OdrTableGlobal + ".new");
  GV->setSection(odrTableSection(compat::tripleString(M.getTargetTriple())));
  GV->setAlignment(Align(1));
  GV->setMetadata(Ctx.getMDKindID("exclude"), MDNode::get(Ctx, {}));
  if (Old) {
    Old->replaceAllUsesWith(GV);
    Old->eraseFromParent();
  } else {
    appendToCompilerUsed(M, {GV});
  }
  GV->setName(OdrTableGlobal);
  return Entries;
}

PreservedAnalyses OdrHashStashPass::run(Module &M, ModuleAnalysisManager &) {
  return stashOdrHashes(M, How) ? PreservedAnalyses::none()
                                : PreservedAnalyses::all();
}

std::vector<OdrEntry> emitOdrTable(Module &M) {
  return emitOdrTable(M, collectOdrHashes(M));
}

PreservedAnalyses OdrCollectPass::run(Module &M, ModuleAnalysisManager &) {
  *State = collectOdrHashes(M);
  return PreservedAnalyses::none();
}

PreservedAnalyses OdrTablePass::run(Module &M, ModuleAnalysisManager &) {
  if (State)
    emitOdrTable(M, *State);
  else
    emitOdrTable(M);
  return PreservedAnalyses::none();
}

} // namespace uniqlink
