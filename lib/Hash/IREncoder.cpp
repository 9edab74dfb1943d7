//===- IREncoder.cpp - Canonical byte encoding of one IR definition -------===//
//
// See IREncoder.h. The encoding is a flat byte string: each item starts with
// a tag so that different shapes never produce the same bytes. Every field
// that changes what a definition does is included; names that are arbitrary
// (local values, named struct types, private globals) are not.
//
//===----------------------------------------------------------------------===//
#include "IREncoder.h"

#include "uniqlink/Compat/IR.h"
#include "uniqlink/Compat/Support.h"
#include "uniqlink/Hash/EncodingView.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalAlias.h"
#include "llvm/IR/GlobalIFunc.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>

using namespace llvm;
using namespace uniqlink;

namespace {
/// Item tags. Values are part of the hash: append, never renumber.
enum Tag : uint64_t {
  TFunction = 1,
  TVariable,
  TAlias,
  TIFunc,
  TBlock,
  TLocal,
  TGlobalByName,
  TGlobalRef,
  TConstInt,
  TConstFP,
  TConstData,
  TConstAggregate,
  TConstExpr,
  TConstSimple,
  TBlockAddress,
  TConstOther,
  TInlineAsm,
  TMetadataValue,
  TOtherValue,
  TMDNull,
  TMDString,
  TMDValue,
  TMDNode,
  TMDBackRef,
  TMDDebug,
  TMDOther,
  TAttachments,
  TNone,
  TMDDigest,
};
} // namespace

/// Swaps two byte buffers in O(1). SmallVectorImpl::swap copies the elements
/// when either side has never allocated (an empty SmallVector<T, 0> counts
/// as "small"): every metadata digest then copied the whole encoding so far,
/// twice (30 % of the pass on -O2 output with large functions).
static void swapBuffers(SmallVector<uint8_t, 0> &A,
                        SmallVector<uint8_t, 0> &B) {
  SmallVector<uint8_t, 0> T = std::move(A);
  A = std::move(B);
  B = std::move(T);
}

/// Attachment kinds that never change what the code computes.
static bool isIgnoredAttachment(StringRef Kind) {
  // Not StringSwitch::Cases: LLVM 22 deprecates its many-argument form.
  static constexpr StringLiteral Ignored[] = {
      "dbg", "prof", "srcloc", "heapallocsite", "DIAssignID", "annotation"};
  return llvm::is_contained(Ignored, Kind);
}

IREncoder::IREncoder(const Module &M, NodeLookup Lookup, EncodingView *View,
                     NodeLookup SecondLookup,
                     function_ref<void(const InlineAsm &)> OnInlineAsm)
    : M(M), Lookup(Lookup), View(View), SecondLookup(SecondLookup),
      OnInlineAsm(OnInlineAsm) {
  if (View)
    InstructionMetadata = View->keepsInstructionMetadata();
  M.getContext().getMDKindNames(MDKindNames);
  M.getContext().getSyncScopeNames(SyncScopeNames);
  // Decided once per kind, not per attachment.
  for (StringRef Kind : MDKindNames)
    IgnoredKinds.push_back(isIgnoredAttachment(Kind));
  SystemScopeUnnamed = SyncScope::System < SyncScopeNames.size() &&
                       SyncScopeNames[SyncScope::System].empty();
}

LocalEncoding IREncoder::encode(const GlobalValue &GV) {
  LocalEncoding Result;
  Current = &Result;
  Buf.clear();
  if (LLVM_UNLIKELY(++Epoch == 0)) {
    // Wrapped: slots of 2^32 definitions ago would look live again.
    for (LocalSlot &S : LocalTable)
      S.Epoch = 0;
    Epoch = 1;
  }
  LocalsInTable = 0;
  NextLocal = 0;
  MDNumbers.clear();
  RefSlots.clear();
  Sites.clear();

  // A view may encode a rewritten copy in place of a function; references
  // (and so the node) stay the original's.
  const GlobalValue *Def = &GV;
  if (View)
    if (const auto *F = dyn_cast<Function>(Def))
      Def = &View->bodyOf(*F);
  encodeGlobalHeader(*Def);
  if (const auto *F = dyn_cast<Function>(Def)) {
    encodeFunctionBody(*F);
  } else if (const auto *V = dyn_cast<GlobalVariable>(Def)) {
    u64(V->isConstant());
    u64(V->isExternallyInitialized());
    encodeAttributeSet(Buf, V->getAttributes());
    if (V->hasInitializer())
      encodeValue(V->getInitializer());
    else
      u64(TNone);
  } else if (const auto *A = dyn_cast<GlobalAlias>(Def)) {
    encodeValue(A->getAliasee());
  } else if (const auto *I = dyn_cast<GlobalIFunc>(Def)) {
    encodeValue(I->getResolver());
  }

  Result.Hash = compat::hashBytes(Buf);
  if (SecondLookup)
    spliceSecond(Result);
  Current = nullptr;
  return Result;
}

void IREncoder::spliceSecond(LocalEncoding &Result) {
  // The second encoding differs from the first only at references to nodes:
  // one the second lookup counts by name, or one whose slot moves because
  // an earlier one did. Where none does, the bytes are the same.
  bool Same = true;
  for (RefSite &S : Sites) {
    unsigned Second = SecondLookup(*S.GV);
    assert((Second == S.Node || Second == NotANode) &&
           "the second lookup may only drop nodes");
    if (Second != S.Node) {
      Same = false;
      S.Node = NotANode;
    }
  }
  if (Same) {
    Result.SecondHash = Result.Hash;
    Result.SecondRefs = Result.Refs;
    return;
  }
  SecondBuf.clear();
  SecondRefSlots.clear();
  uint32_t Pos = 0;
  for (const RefSite &S : Sites) {
    SecondBuf.append(Buf.begin() + Pos, Buf.begin() + S.Begin);
    Pos = S.End;
    // As encodeGlobalRef writes them.
    if (S.Node == NotANode) {
      appendULEB128(SecondBuf, TGlobalByName);
      appendFixed64(SecondBuf, nameDigest(S.GV));
      continue;
    }
    appendULEB128(SecondBuf, TGlobalRef);
    appendULEB128(SecondBuf,
                  refSlot(Result.SecondRefs, SecondRefSlots, S.Node));
  }
  SecondBuf.append(Buf.begin() + Pos, Buf.end());
  Result.SecondHash = compat::hashBytes(SecondBuf);
}

void IREncoder::encodeGlobalHeader(const GlobalValue &GV) {
  if (isa<Function>(GV))
    u64(TFunction);
  else if (isa<GlobalVariable>(GV))
    u64(TVariable);
  else if (isa<GlobalAlias>(GV))
    u64(TAlias);
  else
    u64(TIFunc);
  h64(typeHash(GV.getValueType()));
  u64(GV.getAddressSpace());
  u64(GV.getVisibility());
  u64(static_cast<uint64_t>(GV.getUnnamedAddr()));
  u64(GV.getThreadLocalMode());
  u64(GV.getDLLStorageClass());

  const auto *GO = dyn_cast<GlobalObject>(&GV);
  if (!GO)
    return;
  // Through the subclasses: GlobalObject::getAlign is not public everywhere.
  MaybeAlign Align;
  if (const auto *F = dyn_cast<Function>(GO))
    Align = F->getAlign();
  else if (const auto *V = dyn_cast<GlobalVariable>(GO))
    Align = V->getAlign();
  u64(Align ? Align->value() : 0);
  str(GO->getSection());
  if (GO->hasMetadata()) {
    SmallVector<std::pair<unsigned, MDNode *>, 4> MDs;
    GO->getAllMetadata(MDs);
    encodeAttachments(MDs);
  }

  const auto *F = dyn_cast<Function>(GO);
  if (!F)
    return;
  u64(F->getCallingConv());
  h64(attrListHash(View ? View->functionAttributes(*F) : F->getAttributes()));
  str(F->hasGC() ? StringRef(F->getGC()) : StringRef());
  bool Personality =
      F->hasPersonalityFn() && (!View || View->keepsPersonality(*F));
  for (const Constant *C :
       {Personality ? F->getPersonalityFn() : nullptr,
        F->hasPrefixData() ? F->getPrefixData() : nullptr,
        F->hasPrologueData() ? F->getPrologueData() : nullptr}) {
    if (C)
      encodeValue(C);
    else
      u64(TNone);
  }
}

void IREncoder::encodeFunctionBody(const Function &F) {
  for (const Argument &A : F.args())
    numberDefinition(A);
  if (View) {
    for (const BasicBlock &BB : F) {
      if (View->blockFor(BB) != &BB)
        continue;
      u64(TBlock);
      u64(localNumber(&BB));
      for (const Instruction &I : BB)
        if (!compat::isDebugInstruction(I) && !View->skips(I))
          encodeInstruction(I);
    }
    return;
  }
  for (const BasicBlock &BB : F) {
    u64(TBlock);
    u64(localNumber(&BB));
    for (const Instruction &I : BB)
      if (!compat::isDebugInstruction(I))
        encodeInstruction(I);
  }
}

void IREncoder::encodeSyncScopeName(uint8_t ID) {
  str(ID < SyncScopeNames.size() ? SyncScopeNames[ID] : StringRef("?"));
}

LLVM_ATTRIBUTE_ALWAYS_INLINE void IREncoder::encodeOperand(const Value *V) {
  // As encodeValue writes it.
  if (isa<Instruction>(V) || isa<Argument>(V)) {
    unsigned Number = localNumber(V);
    ByteRun Run(Buf, 2 * MaxULEB128Bytes);
    Run.uleb(TLocal);
    Run.uleb(Number);
    return;
  }
  encodeValue(V);
}

void IREncoder::encodeInstruction(const Instruction &I) {
  numberDefinition(I);
  uint64_t Type = typeHash(I.getType());
  {
    ByteRun Run(Buf, 3 * MaxULEB128Bytes + MaxFixed64Bytes);
    Run.uleb(I.getOpcode());
    Run.fixed64(Type);
    Run.uleb(I.getRawSubclassOptionalData());
    Run.uleb(I.getNumOperands());
  }

  // Volatility, alignment, ordering and scope of a memory access.
  auto EncodeAccess = [&](const auto &A) {
    {
      ByteRun Run(Buf, 3 * MaxULEB128Bytes);
      Run.uleb(A.isVolatile());
      Run.uleb(A.getAlign().value());
      Run.uleb(static_cast<uint64_t>(A.getOrdering()));
    }
    encodeSyncScope(A.getSyncScopeID());
  };
  // One switch rather than a chain of casts: most instructions are none of
  // these and would otherwise fail every test.
  switch (I.getOpcode()) {
  case Instruction::ICmp:
  case Instruction::FCmp:
    u64(cast<CmpInst>(I).getPredicate());
    break;
  case Instruction::Load:
    EncodeAccess(cast<LoadInst>(I));
    break;
  case Instruction::Store:
    EncodeAccess(cast<StoreInst>(I));
    break;
  case Instruction::Alloca: {
    const auto &AI = cast<AllocaInst>(I);
    h64(typeHash(AI.getAllocatedType()));
    u64(AI.getAlign().value());
    u64(AI.isUsedWithInAlloca());
    u64(AI.isSwiftError());
    break;
  }
  case Instruction::GetElementPtr:
    h64(typeHash(cast<GetElementPtrInst>(I).getSourceElementType()));
    break;
  case Instruction::Call:
  case Instruction::Invoke:
  case Instruction::CallBr: {
    const auto &CB = cast<CallBase>(I);
    u64(CB.getCallingConv());
    h64(attrListHash(View ? View->callAttributes(CB) : CB.getAttributes()));
    h64(typeHash(CB.getFunctionType()));
    if (const auto *CI = dyn_cast<CallInst>(&CB))
      u64(CI->getTailCallKind());
    u64(CB.getNumOperandBundles());
    for (unsigned B = 0, E = CB.getNumOperandBundles(); B != E; ++B) {
      OperandBundleUse U = CB.getOperandBundleAt(B);
      str(U.getTagName());
      u64(U.Inputs.size());
    }
    break;
  }
  case Instruction::AtomicRMW: {
    const auto &RMW = cast<AtomicRMWInst>(I);
    u64(RMW.getOperation());
    EncodeAccess(RMW);
    break;
  }
  case Instruction::AtomicCmpXchg: {
    const auto &CX = cast<AtomicCmpXchgInst>(I);
    u64(CX.isWeak());
    u64(CX.isVolatile());
    u64(CX.getAlign().value());
    u64(static_cast<uint64_t>(CX.getSuccessOrdering()));
    u64(static_cast<uint64_t>(CX.getFailureOrdering()));
    encodeSyncScope(CX.getSyncScopeID());
    break;
  }
  case Instruction::Fence: {
    const auto &FI = cast<FenceInst>(I);
    u64(static_cast<uint64_t>(FI.getOrdering()));
    encodeSyncScope(FI.getSyncScopeID());
    break;
  }
  case Instruction::PHI:
    for (const BasicBlock *BB : cast<PHINode>(I).blocks())
      u64(localNumber(BB));
    break;
  case Instruction::ShuffleVector: {
    ArrayRef<int> Mask = cast<ShuffleVectorInst>(I).getShuffleMask();
    u64(Mask.size());
    for (int Elt : Mask)
      u64(static_cast<uint64_t>(static_cast<int64_t>(Elt)));
    break;
  }
  case Instruction::ExtractValue:
    for (unsigned Idx : cast<ExtractValueInst>(I).indices())
      u64(Idx);
    break;
  case Instruction::InsertValue:
    for (unsigned Idx : cast<InsertValueInst>(I).indices())
      u64(Idx);
    break;
  case Instruction::LandingPad: {
    const auto &LP = cast<LandingPadInst>(I);
    u64(LP.isCleanup());
    for (unsigned C = 0, E = LP.getNumClauses(); C != E; ++C)
      u64(LP.isCatch(C));
    break;
  }
  default:
    break;
  }

  for (const Use &Op : I.operands())
    encodeOperand(Op.get());
  if (I.getOpcode() == Instruction::Switch)
    compat::forEachCaseValueOutsideOperands(
        cast<SwitchInst>(I), [&](const ConstantInt *C) { encodeValue(C); });

  if (InstructionMetadata && I.hasMetadataOtherThanDebugLoc()) {
    SmallVector<std::pair<unsigned, MDNode *>, 4> MDs;
    I.getAllMetadataOtherThanDebugLoc(MDs);
    encodeAttachments(MDs);
  }
}

/// Debug-info metadata: never part of what a definition does.
static bool isDebugMetadata(const Metadata *MD) {
  return MD && (isa<DINode>(MD) || isa<DILocation>(MD) ||
                isa<DIExpression>(MD) || isa<DIArgList>(MD));
}

/// Operands whose encoding depends on nothing but themselves.
static bool hasFixedEncoding(const Metadata *MD) {
  if (!MD || isa<MDString>(MD))
    return true;
  if (const auto *CAM = dyn_cast<ConstantAsMetadata>(MD))
    return isa<ConstantInt>(CAM->getValue()) ||
           isa<ConstantFP>(CAM->getValue());
  return false;
}

void IREncoder::encodeAttachments(
    SmallVectorImpl<std::pair<unsigned, MDNode *>> &MDs) {
  // Kind IDs of custom kinds depend on registration order, so attachments
  // are keyed by name ("llvm.loop" is the fixed kind MD_loop).
  auto Ignored = [&](unsigned ID) {
    return ID < IgnoredKinds.size() && IgnoredKinds[ID];
  };
  auto Name = [&](unsigned ID) {
    return ID < MDKindNames.size() ? MDKindNames[ID] : StringRef("?");
  };
  // A loop ID holding nothing but itself and debug locations says nothing
  // about the loop: -g adds such IDs (the loop's source range) to loops that
  // have no ID at all without -g.
  auto IsEmptyLoopID = [](const MDNode *N) {
    return llvm::all_of(N->operands(), [&](const MDOperand &Op) {
      return Op.get() == N || isDebugMetadata(Op.get());
    });
  };
  llvm::erase_if(MDs, [&](const auto &P) {
    return Ignored(P.first) ||
           (P.first == LLVMContext::MD_loop && IsEmptyLoopID(P.second));
  });
  if (MDs.empty())
    return;
  if (MDs.size() > 1)
    llvm::sort(MDs, [&](const auto &L, const auto &R) {
      return Name(L.first) < Name(R.first);
    });
  u64(TAttachments);
  u64(MDs.size());
  // A loop ID is encoded by content and never numbered as a back-reference
  // target: whether two loops share one ID is an accident of inlining (with
  // -g the inliner gives each inlined copy its own ID, for its inlinedAt
  // locations; without -g the copies share the callee's ID).
  auto EncodeLoopID = [&](const MDNode *N) {
    auto Counts = [&](const MDOperand &Op) {
      return Op.get() != N && !isDebugMetadata(Op.get());
    };
    u64(TMDNode);
    u64(N->isDistinct());
    u64(llvm::count_if(N->operands(), Counts));
    for (const MDOperand &Op : N->operands())
      if (Counts(Op))
        encodeMetadata(Op.get());
  };
  for (const auto &[Kind, Node] : MDs) {
    str(Name(Kind));
    if (Kind == LLVMContext::MD_loop)
      EncodeLoopID(Node);
    else
      encodeMetadata(Node);
  }
}

void IREncoder::growLocalTable() {
  std::vector<LocalSlot> Old = std::move(LocalTable);
  size_t Size = std::max<size_t>(64, 2 * Old.size());
  LocalTable.assign(Size, LocalSlot());
  LocalShift = 64 - llvm::Log2_64(Size);
  for (const LocalSlot &S : Old) {
    if (S.Epoch != Epoch)
      continue;
    size_t I = slotOf(S.Key, LocalShift);
    while (LocalTable[I].Epoch == Epoch)
      I = (I + 1) & (Size - 1);
    LocalTable[I] = S;
  }
}

uint64_t IREncoder::nameDigest(const GlobalValue *GV) {
  // Computed once per global: Value::getName is a lookup in a context-wide
  // map (a cache miss on a large module), and a callee's name is often
  // longer than the rest of the call.
  auto [It, New] = NameDigests.try_emplace(GV, 0);
  if (New)
    It->second = compat::hashBytes(arrayRefFromStringRef(GV->getName()));
  return It->second;
}

unsigned IREncoder::refSlot(SmallVectorImpl<unsigned> &Refs,
                            DenseMap<unsigned, unsigned> &Slots,
                            unsigned Node) {
  // Most definitions reference a handful of nodes: a linear search beats a
  // map until there are more.
  constexpr size_t MaxLinearRefs = 16;
  if (Refs.size() < MaxLinearRefs) {
    unsigned Slot = llvm::find(Refs, Node) - Refs.begin();
    if (Slot == Refs.size()) {
      Refs.push_back(Node);
      if (Refs.size() == MaxLinearRefs)
        for (unsigned I = 0; I != Refs.size(); ++I)
          Slots[Refs[I]] = I;
    }
    return Slot;
  }
  auto [It, New] = Slots.try_emplace(Node, Refs.size());
  if (New)
    Refs.push_back(Node);
  return It->second;
}

void IREncoder::encodeGlobalRef(const GlobalValue *GV) {
  GlobalCacheEntry &Cached = GlobalCache[slotOf(GV, 64 - GlobalCacheBits)];
  if (Cached.GV != GV) {
    unsigned Node = Lookup(*GV);
    Cached = {GV, Node, Node == NotANode ? nameDigest(GV) : 0};
  }
  unsigned Node = Cached.Node;
  if (Node == NotANode) {
    // By a digest of the name.
    u64(TGlobalByName);
    h64(Cached.NameDigest);
    return;
  }
  uint32_t Begin = Buf.size();
  u64(TGlobalRef);
  u64(refSlot(Current->Refs, RefSlots, Node));
  if (SecondLookup) {
    assert(!InScratch && "a global referenced from cached metadata bytes");
    Sites.push_back({Begin, static_cast<uint32_t>(Buf.size()), Node, GV});
  }
}

void IREncoder::encodeValue(const Value *V) {
  // Locals first: most operands are (the kinds are disjoint, so the order
  // of the tests does not change the bytes).
  if (isa<Instruction>(V) || isa<Argument>(V)) {
    u64(TLocal);
    u64(localNumber(V));
    return;
  }
  if (const auto *BB = dyn_cast<BasicBlock>(V)) {
    u64(TLocal);
    u64(localNumber(View ? View->blockFor(*BB) : BB));
    return;
  }
  if (const auto *GV = dyn_cast<GlobalValue>(V))
    return encodeGlobalRef(GV);
  if (const auto *C = dyn_cast<Constant>(V))
    return encodeConstant(C);
  if (const auto *IA = dyn_cast<InlineAsm>(V)) {
    if (OnInlineAsm)
      OnInlineAsm(*IA);
    u64(TInlineAsm);
    str(IA->getAsmString());
    str(IA->getConstraintString());
    u64(IA->hasSideEffects());
    u64(IA->isAlignStack());
    u64(IA->getDialect());
    u64(IA->canThrow());
    h64(typeHash(IA->getFunctionType()));
    return;
  }
  if (const auto *MAV = dyn_cast<MetadataAsValue>(V)) {
    u64(TMetadataValue);
    encodeMetadata(MAV->getMetadata());
    return;
  }
  u64(TOtherValue);
  u64(V->getValueID());
  h64(typeHash(V->getType()));
}

void IREncoder::encodeConstant(const Constant *C) {
  if (const auto *CI = dyn_cast<ConstantInt>(C)) {
    const APInt &Val = CI->getValue();
    u64(TConstInt);
    u64(Val.getBitWidth());
    for (unsigned W = 0, E = Val.getNumWords(); W != E; ++W)
      u64(Val.getRawData()[W]);
    return;
  }
  if (const auto *CF = dyn_cast<ConstantFP>(C)) {
    APInt Bits = CF->getValueAPF().bitcastToAPInt();
    u64(TConstFP);
    h64(typeHash(CF->getType()));
    for (unsigned W = 0, E = Bits.getNumWords(); W != E; ++W)
      h64(Bits.getRawData()[W]);
    return;
  }
  if (const auto *CDS = dyn_cast<ConstantDataSequential>(C)) {
    u64(TConstData);
    h64(typeHash(CDS->getType()));
    str(CDS->getRawDataValues());
    return;
  }
  if (isa<ConstantAggregate>(C)) {
    u64(TConstAggregate);
    h64(typeHash(C->getType()));
    encodeOperands(*C);
    return;
  }
  if (const auto *CE = dyn_cast<ConstantExpr>(C)) {
    u64(TConstExpr);
    u64(CE->getOpcode());
    h64(typeHash(CE->getType()));
    u64(CE->getRawSubclassOptionalData());
    u64(compat::constantExprPredicate(*CE));
    if (const auto *GEP = dyn_cast<GEPOperator>(CE))
      h64(typeHash(GEP->getSourceElementType()));
    encodeOperands(*CE);
    return;
  }
  if (const auto *BA = dyn_cast<BlockAddress>(C)) {
    u64(TBlockAddress);
    encodeGlobalRef(BA->getFunction());
    uint64_t Index = 0;
    for (const BasicBlock &BB : *BA->getFunction()) {
      if (&BB == BA->getBasicBlock())
        break;
      ++Index;
    }
    u64(Index);
    return;
  }
  if (isa<ConstantData>(C)) {
    // Null, zeroinitializer, undef, poison, none, target-none: the kind and
    // the type say everything.
    u64(TConstSimple);
    u64(C->getValueID());
    h64(typeHash(C->getType()));
    return;
  }
  // DSOLocalEquivalent, NoCFIValue, ptrauth and future kinds: kind, type and
  // operands.
  u64(TConstOther);
  u64(C->getValueID());
  h64(typeHash(C->getType()));
  encodeOperands(*C);
}

LLVM_ATTRIBUTE_ALWAYS_INLINE void IREncoder::encodeOperands(const User &U) {
  u64(U.getNumOperands());
  for (const Use &Op : U.operands())
    encodeValue(Op.get());
}

void IREncoder::encodeMetadata(const Metadata *MD) {
  if (!MD) {
    u64(TMDNull);
    return;
  }
  if (const auto *S = dyn_cast<MDString>(MD)) {
    u64(TMDString);
    str(S->getString());
    return;
  }
  if (const auto *VAM = dyn_cast<ValueAsMetadata>(MD)) {
    u64(TMDValue);
    encodeValue(VAM->getValue());
    return;
  }
  if (isDebugMetadata(MD)) {
    u64(TMDDebug);
    return;
  }
  if (const auto *N = dyn_cast<MDNode>(MD)) {
    // A uniqued subtree of fixed leaves is the same node wherever its
    // content is the same: its digest stands for it (computed once).
    if (std::optional<uint64_t> D = cachedNodeDigest(N)) {
      u64(TMDDigest);
      h64(*D);
      return;
    }
    // Nodes may be cyclic (loop IDs, alias scopes refer to themselves); a
    // node seen before is encoded by its first-visit number.
    auto [It, New] = MDNumbers.try_emplace(N, MDNumbers.size());
    if (!New) {
      u64(TMDBackRef);
      u64(It->second);
      return;
    }
    if (std::optional<NodeBytes> Cached = nodeBytes(N)) {
      // The cached bytes are exactly what encodeNodeOperands writes, with the
      // node operands left out; they are numbered and encoded in order.
      // Indices, not pointers: the recursion may grow the arena.
      uint32_t Pos = Cached->Begin;
      for (uint32_t C = Cached->FirstChild,
                    E = Cached->FirstChild + Cached->NumChildren;
           C != E; ++C) {
        auto [Offset, Child] = MDChildren[C];
        Buf.append(MDBytes.begin() + Pos, MDBytes.begin() + Offset);
        Pos = Offset;
        encodeMetadata(Child);
      }
      Buf.append(MDBytes.begin() + Pos, MDBytes.begin() + Cached->End);
      return;
    }
    encodeNodeOperands(N);
    return;
  }
  u64(TMDOther);
  u64(MD->getMetadataID());
}

LLVM_ATTRIBUTE_ALWAYS_INLINE void IREncoder::encodeNodeHeader(const MDNode *N) {
  u64(TMDNode);
  u64(N->isDistinct());
  u64(llvm::count_if(N->operands(), [](const MDOperand &Op) {
    return !isDebugMetadata(Op.get());
  }));
}

void IREncoder::encodeNodeOperands(const MDNode *N) {
  // Debug-info operands are skipped, not just encoded as TMDDebug: under
  // -g clang adds the loop's start and end DILocations to every llvm.loop
  // node, which would otherwise make -g and no -g hash differently.
  encodeNodeHeader(N);
  for (const MDOperand &Op : N->operands())
    if (!isDebugMetadata(Op.get()))
      encodeMetadata(Op.get());
}

std::optional<uint64_t> IREncoder::nodeDigest(const MDNode *N) {
  auto [It, New] = NodeDigests.try_emplace(N, 0);
  if (!New)
    return It->second ? std::optional(It->second) : std::nullopt;
  // Only uniqued nodes: a distinct node's identity matters (alias scopes,
  // loop IDs), and the back-reference numbering keeps it. While N is being
  // digested its entry is 0, so a cycle through it finds no digest.
  if (N->isDistinct())
    return std::nullopt;
  SmallVector<uint64_t, 8> ChildDigests;
  for (const MDOperand &Op : N->operands()) {
    const Metadata *MD = Op.get();
    if (isDebugMetadata(MD) || hasFixedEncoding(MD))
      continue;
    const auto *Child = dyn_cast<MDNode>(MD);
    if (!Child)
      return std::nullopt;
    std::optional<uint64_t> D = nodeDigest(Child);
    if (!D)
      return std::nullopt;
    ChildDigests.push_back(*D);
  }
  // The bytes are exactly what encodeNodeOperands would write, with each
  // child's digest in place of the child; they go to a scratch buffer.
  SmallVector<uint8_t, 0> Scratch;
  swapBuffers(Buf, Scratch);
  InScratch = true;
  encodeNodeHeader(N);
  const uint64_t *NextChild = ChildDigests.begin();
  for (const MDOperand &Op : N->operands()) {
    if (isDebugMetadata(Op.get()))
      continue;
    if (isa_and_nonnull<MDNode>(Op.get())) {
      u64(TMDDigest);
      h64(*NextChild++);
    } else {
      encodeMetadata(Op.get());
    }
  }
  uint64_t H = compat::hashBytes(Buf);
  swapBuffers(Buf, Scratch);
  InScratch = false;
  if (H == 0) // 0 marks "no digest".
    H = 1;
  NodeDigests[N] = H;
  return H;
}

std::optional<uint64_t> IREncoder::cachedNodeDigest(const MDNode *N) {
  DigestCacheEntry &Cached = DigestCache[slotOf(N, 64 - DigestCacheBits)];
  if (Cached.N != N) {
    // Never called while a digest is in progress (nodeDigest encodes only
    // operands that are not nodes), so what nodeDigest returns is final.
    std::optional<uint64_t> D = nodeDigest(N);
    Cached = {N, D.value_or(0)};
  }
  return Cached.Digest ? std::optional(Cached.Digest) : std::nullopt;
}

std::optional<IREncoder::NodeBytes> IREncoder::nodeBytes(const MDNode *N) {
  auto [It, New] = NodeBytesIndex.try_emplace(N, NotCached);
  if (!New)
    return It->second == NotCached ? std::nullopt
                                   : std::optional(CachedNodes[It->second]);
  // Cached: nodes whose operands are all strings, integer or FP constants,
  // other (non-debug) nodes, or debug info. Their bytes do not depend on the
  // definition being encoded, except for the node operands, which are left
  // out and encoded at each use (they may be back-references).
  for (const MDOperand &Op : N->operands())
    if (!isDebugMetadata(Op.get()) && !isa_and_nonnull<MDNode>(Op.get()) &&
        !hasFixedEncoding(Op.get()))
      return std::nullopt;
  // The bytes come from the encoder itself, written into the arena in place
  // of the definition's buffer.
  swapBuffers(Buf, MDBytes);
  InScratch = true;
  NodeBytes Entry;
  Entry.Begin = Buf.size();
  Entry.FirstChild = MDChildren.size();
  encodeNodeHeader(N);
  for (const MDOperand &Op : N->operands()) {
    if (isDebugMetadata(Op.get()))
      continue;
    if (const auto *Child = dyn_cast_or_null<MDNode>(Op.get()))
      MDChildren.emplace_back(Buf.size(), Child);
    else
      encodeMetadata(Op.get());
  }
  Entry.End = Buf.size();
  Entry.NumChildren = MDChildren.size() - Entry.FirstChild;
  swapBuffers(Buf, MDBytes);
  InScratch = false;
  It->second = CachedNodes.size();
  CachedNodes.push_back(Entry);
  return Entry;
}

uint64_t IREncoder::typeHashSlow(Type *T) {
  TypeCacheEntry &Cached = TypeCache[slotOf(T, 64 - TypeCacheBits)];
  auto It = TypeHashes.find(T);
  if (It != TypeHashes.end()) {
    Cached = {T, It->second};
    return It->second;
  }

  // Identified structs can be recursive (through typed pointers on old LLVM):
  // a struct already being hashed is encoded by its depth on the stack.
  auto *ST = dyn_cast<StructType>(T);
  if (ST) {
    auto Pos = llvm::find(TypesInProgress, T);
    if (Pos != TypesInProgress.end())
      return 0x9e3779b97f4a7c15ULL ^ (Pos - TypesInProgress.begin());
    TypesInProgress.push_back(T);
  }

  SmallVector<uint8_t, 64> Bytes;
  auto Put = [&](uint64_t V) { appendFixed64(Bytes, V); };
  Put(T->getTypeID());
  if (auto *IT = dyn_cast<IntegerType>(T))
    Put(IT->getBitWidth());
  else if (auto *PT = dyn_cast<PointerType>(T))
    Put(PT->getAddressSpace());
  else if (auto *AT = dyn_cast<ArrayType>(T))
    Put(AT->getNumElements());
  else if (auto *VT = dyn_cast<VectorType>(T))
    Put(VT->getElementCount().getKnownMinValue());
  else if (auto *FT = dyn_cast<FunctionType>(T))
    Put(FT->isVarArg());
  else if (ST)
    Put(ST->isOpaque() ? 2 : ST->isPacked());
  for (Type *Sub : T->subtypes())
    Put(typeHash(Sub));
  uint64_t H = compat::hashBytes(Bytes);

  if (ST)
    TypesInProgress.pop_back();
  // A struct inside a cycle hashes relative to where the cycle was entered;
  // cache only hashes that cannot depend on that.
  if (!ST || TypesInProgress.empty()) {
    TypeHashes[T] = H;
    Cached = {T, H};
  }
  return H;
}

void IREncoder::encodeAttributeSet(SmallVectorImpl<uint8_t> &Out,
                                   AttributeSet S) {
  auto Put = [&](uint64_t V) { appendFixed64(Out, V); };
  auto PutStr = [&](StringRef Str) {
    Put(Str.size());
    Out.append(Str.bytes_begin(), Str.bytes_end());
  };
  Put(S.getNumAttributes());
  for (const Attribute &A : S) {
    if (A.isStringAttribute()) {
      PutStr(A.getKindAsString());
      PutStr(A.getValueAsString());
    } else if (A.isEnumAttribute()) {
      PutStr(Attribute::getNameFromAttrKind(A.getKindAsEnum()));
    } else if (A.isIntAttribute()) {
      PutStr(Attribute::getNameFromAttrKind(A.getKindAsEnum()));
      Put(A.getValueAsInt());
    } else if (A.isTypeAttribute()) {
      PutStr(Attribute::getNameFromAttrKind(A.getKindAsEnum()));
      Type *Ty = A.getValueAsType();
      Put(Ty ? typeHash(Ty) : 0);
    } else {
      // Constant ranges and future kinds: their printed form is canonical.
      PutStr(A.getAsString());
    }
  }
}

uint64_t IREncoder::attrListHash(AttributeList AL) {
  void *Key = AL.getRawPointer();
  if (!Key)
    return 0;
  auto It = AttrListHashes.find(Key);
  if (It != AttrListHashes.end())
    return It->second;
  SmallVector<uint8_t, 256> Bytes;
  for (unsigned Index : AL.indexes()) {
    AttributeSet S = AL.getAttributes(Index);
    if (!S.hasAttributes())
      continue;
    appendFixed64(Bytes, Index);
    encodeAttributeSet(Bytes, S);
  }
  // A list left without attributes is no list (LLVM 14 keeps such a list
  // after removeFnAttributes, where later versions return none).
  uint64_t H = Bytes.empty() ? 0 : compat::hashBytes(Bytes);
  AttrListHashes[Key] = H;
  return H;
}
