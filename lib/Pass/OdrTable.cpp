//===- OdrTable.cpp - IR content hashes carried in the object ------------===//
//
// Stashes the front end's content hash of each weak definition as metadata,
// and at the end of the pipeline writes the (final name, hash) table into a
// non-loaded section so uniqlink-check can judge "same body" by IR content
// instead of machine code. See uniqlink/Pass/OdrTable.h and
// uniqlink/Format/OdrTable.h.
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Pass/OdrTable.h"

#include "uniqlink/Hash/ContentHash.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Mangler.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/Local.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"
#include "llvm/Transforms/Utils/ValueMapper.h"
#include <optional>
#include <type_traits>

#if __has_include("llvm/IR/EHPersonalities.h")
#include "llvm/IR/EHPersonalities.h"
#else
#include "llvm/Analysis/EHPersonalities.h"
#endif

using namespace llvm;

namespace uniqlink {

static bool endsWith(StringRef S, StringRef Suffix) {
  return S.size() >= Suffix.size() && S.take_back(Suffix.size()) == Suffix;
}

static bool isMachO(StringRef TT) {
  // An explicit object format in the environment wins (x86_64-pc-win32-elf).
  if (endsWith(TT, "-elf"))
    return false;
  return endsWith(TT, "-macho") || TT.contains("-apple-") ||
         TT.contains("darwin") || TT.contains("macos");
}

StringRef odrTableSection(StringRef TT) {
  if (endsWith(TT, "-elf"))
    return ".uniqlink.odr";
  if (isMachO(TT))
    return "__LLVM,__uniqlink_odr";
  if (endsWith(TT, "-coff") || TT.contains("windows") || TT.contains("win32") ||
      TT.contains("mingw") || TT.contains("cygwin"))
    return ".uniqodr";
  return ".uniqlink.odr";
}

/// The module's triple as a string (a Triple on newer LLVM, a string before).
template <typename TripleT> static std::string tripleString(const TripleT &T) {
  if constexpr (std::is_convertible_v<const TripleT &, std::string>)
    return T;
  else
    return T.str();
}

/// The definitions the table describes.
static bool isRecorded(const GlobalValue &GV) {
  if (GV.isDeclaration() || !isa<GlobalObject>(GV) || GV.getName().empty())
    return false;
  if (GV.getName() == OdrTableGlobal)
    return false;
  return GV.hasLinkOnceLinkage() || GV.hasWeakLinkage();
}

/// References to weak and local definitions count by content, to everything
/// else by name.
static RefKind odrRefKind(const GlobalValue &GV) {
  if (GV.isDeclaration())
    return RefKind::ByName;
  if (GV.hasLocalLinkage() || isRecorded(GV))
    return RefKind::ByContent;
  return RefKind::ByName;
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

/// Whether the body of \p F is the same in every module that uses it (its
/// source is in a header): weak, linkonce and local definitions. A strong
/// definition is in one module; elsewhere it is only declared.
static bool hasSharedBody(const Function &F) {
  return !F.isDeclaration() &&
         (F.hasLinkOnceLinkage() || F.hasWeakLinkage() || F.hasLocalLinkage());
}

namespace {
/// Which functions of a module cannot unwind, decided from what every module
/// compiling the same source agrees on: call-site `nounwind` (the callee's
/// declared exception specification), the attributes of declarations, and the
/// bodies of shared definitions, optimistically over recursion.
///
/// Clang emits a call instead of an invoke when the callee is already known
/// not to throw, and it learns that from definitions it emitted earlier (it
/// marks each finished function that cannot throw `nounwind`). The emission
/// order differs per translation unit, so one copy of an inline function may
/// invoke a callee under a terminate landing pad where another copy calls it.
/// Deciding with the whole module instead gives every copy the same answer.
class NoUnwindOracle {
public:
  explicit NoUnwindOracle(Module &M) {
    SmallVector<Function *, 0> Shared;
    for (Function &F : M)
      if (hasSharedBody(F))
        Shared.push_back(&F);
    // Greatest fixed point: assume every shared body cannot unwind, then
    // drop those that can until nothing changes.
    for (Function *F : Shared)
      NoUnwind.insert(F);
    // Clang emits callees after their callers: visiting the module
    // backwards settles most of it in the first round.
    bool Changed = true;
    while (Changed) {
      Changed = false;
      for (Function *F : llvm::reverse(Shared))
        if (NoUnwind.count(F) && bodyMayUnwind(*F)) {
          NoUnwind.erase(F);
          Changed = true;
        }
    }
  }

  /// Whether the call \p CB can unwind into its caller (or unwind edge).
  bool callMayUnwind(const CallBase &CB) const {
    if (CB.getAttributes().hasFnAttr(Attribute::NoUnwind))
      return false;
    const Function *Callee = CB.getCalledFunction();
    if (!Callee)
      return true;
    if (hasSharedBody(*Callee))
      return !NoUnwind.count(Callee);
    // A strong or available_externally definition's `nounwind` may have
    // been inferred from its body, which other modules do not see.
    return !(Callee->isDeclaration() && Callee->doesNotThrow());
  }

private:
  bool bodyMayUnwind(const Function &F) const {
    for (const BasicBlock &BB : F)
      for (const Instruction &I : BB) {
        if (const auto *CI = dyn_cast<CallInst>(&I)) {
          if (callMayUnwind(*CI))
            return true;
        } else if (!isa<InvokeInst>(I) && I.mayThrow()) {
          return true; // resume, cleanupret/catchswitch to the caller
        }
      }
    return false;
  }

  SmallPtrSet<const Function *, 32> NoUnwind;
};
} // namespace

/// Turns invokes of callees that cannot unwind into calls, drops the landing
/// pads left unreachable, and then a personality that nothing needs.
static void canonicalizeUnwinding(Module &M) {
  NoUnwindOracle Oracle(M);
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    SmallVector<InvokeInst *, 8> Invokes;
    for (BasicBlock &BB : F)
      if (auto *II = dyn_cast<InvokeInst>(BB.getTerminator()))
        if (!Oracle.callMayUnwind(*II))
          Invokes.push_back(II);
    for (InvokeInst *II : Invokes) {
      // The call continues in its own block, as clang emits a call.
      BasicBlock *Normal = II->getNormalDest();
      changeToCall(II);
      if (Normal->getSinglePredecessor())
        MergeBlockIntoPredecessor(Normal);
    }
    if (!Invokes.empty())
      removeUnreachableBlocks(F);
    if (!F.hasPersonalityFn() ||
        !isNoOpWithoutInvoke(classifyEHPersonality(F.getPersonalityFn())))
      continue;
    bool NeedsPersonality = llvm::any_of(F, [](const BasicBlock &BB) {
      return BB.isEHPad() || isa<InvokeInst>(BB.getTerminator());
    });
    if (!NeedsPersonality)
      F.setPersonalityFn(nullptr);
  }
}

/// Removes from a copy of a module what the front end emits differently in
/// different translation units (invokes of callees that cannot unwind, see
/// NoUnwindOracle) and at different -O levels for the same source:
/// function-level attributes of definitions and call sites (optnone, noinline,
/// frame-pointer, ...; but not target-cpu and target-features), instruction
/// metadata (TBAA, only when optimizing) and lifetime markers (only when
/// optimizing), and then the blocks left empty.  Parameter and return
/// attributes (ABI) stay.
static void normalizeForOdr(Module &M) {
  // First, while call sites still carry their `nounwind`.
  canonicalizeUnwinding(M);
  for (Function &F : M) {
    // The instruction set is kept: an inline function built for AVX2 in one
    // TU and for baseline x86-64 in another is a real hazard when the linker
    // keeps one copy.
    Attribute CPU = F.getFnAttribute("target-cpu");
    Attribute Features = F.getFnAttribute("target-features");
    F.setAttributes(F.getAttributes().removeFnAttributes(F.getContext()));
    if (CPU.isValid())
      F.addFnAttr(CPU);
    if (Features.isValid())
      F.addFnAttr(Features);
    for (BasicBlock &BB : F) {
      for (Instruction &I : llvm::make_early_inc_range(BB)) {
        if (auto *II = dyn_cast<IntrinsicInst>(&I)) {
          Intrinsic::ID ID = II->getIntrinsicID();
          if ((ID == Intrinsic::lifetime_start ||
               ID == Intrinsic::lifetime_end) &&
              I.use_empty()) {
            // With typed pointers (LLVM 14) the marker's operand is an i8*
            // bitcast made for it alone; it goes too. It precedes I, so the
            // iteration is not disturbed.
            Value *Ptr = II->getArgOperand(1);
            I.eraseFromParent();
            RecursivelyDeleteTriviallyDeadInstructions(Ptr);
            continue;
          }
        }
        I.dropUnknownNonDebugMetadata();
        if (auto *CB = dyn_cast<CallBase>(&I))
          CB->setAttributes(
              CB->getAttributes().removeFnAttributes(CB->getContext()));
      }
    }
    // Blocks that held only lifetime ends (scope cleanups) now only branch.
    for (BasicBlock &BB : llvm::make_early_inc_range(F)) {
      if (&BB == &F.getEntryBlock())
        continue;
      auto *Br = dyn_cast<BranchInst>(BB.getTerminator());
      if (Br && Br->isUnconditional() && &BB.front() == Br)
        TryToSimplifyUncondBranchFromEmptyBlock(&BB);
    }
  }
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
/// normalized copy of \p M.
static OdrHashes computeOdrHashes(const Module &M,
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

unsigned stashOdrHashes(Module &M) {
  unsigned Kind = stashKind(M.getContext());
  std::vector<const GlobalValue *> Roots;
  for (const GlobalValue &GV : M.global_values())
    if (isRecorded(GV) && !cast<GlobalObject>(GV).getMetadata(Kind))
      Roots.push_back(&GV);
  if (Roots.empty())
    return 0;
  OdrHashes Hashes = computeOdrHashes(M, Roots);
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
  bool AddMachOPrefix = M.getDataLayoutStr().empty() &&
                        isMachO(tripleString(M.getTargetTriple()));
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
  GV->setSection(odrTableSection(tripleString(M.getTargetTriple())));
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
  return stashOdrHashes(M) ? PreservedAnalyses::none()
                           : PreservedAnalyses::all();
}

std::vector<OdrEntry> emitOdrTable(Module &M) {
  return emitOdrTable(M, collectOdrHashes(M));
}

PreservedAnalyses OdrNormalizePass::run(Module &M, ModuleAnalysisManager &) {
  normalizeForOdr(M);
  return PreservedAnalyses::none();
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
