//===- UniqueLinkonce.cpp - Rename weak definitions by content ------------===//
//
// renameLinkonceDefinitions works in three steps, so that a failure leaves
// the module untouched:
//
//  1. Select (RenamePlanner::selectCandidates, closeOverComdats): every
//     definition with a selected linkage, except symbols whose name must
//     stay (mutable variables, address-significant constants, names that
//     inline or module asm mentions, comdats shared with symbols that keep
//     their names, llvm.* globals, names already renamed).
//  2. Plan (hashAndName, closeRenamesOverComdats, nameComdats): content-hash
//     the module (ContentHash.h) and compute every new symbol and comdat
//     name.
//  3. Apply (renameLinkonceDefinitions): write the JSON map if one was asked
//     for, rename symbols and comdats,
//     DISubprogram linkage names, record the map as named metadata if asked,
//     emit remarks and statistics.
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Pass/UniqueLinkonce.h"

#include "uniqlink/Compat/Support.h"
#include "uniqlink/Hash/ContentHash.h"
#include "uniqlink/Hash/Eligibility.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/IR/Comdat.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/GlobalAlias.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/ValueSymbolTable.h"
#include "llvm/Support/Debug.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/RandomNumberGenerator.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace uniqlink;

#define DEBUG_TYPE "unique-linkonce"

STATISTIC(NumRenamedFunctions, "Number of functions renamed");
STATISTIC(NumRenamedVariables, "Number of constant variables renamed");
STATISTIC(NumRenamedAliases, "Number of aliases renamed");
STATISTIC(NumRenamedComdats, "Number of comdats renamed");
STATISTIC(NumSkipped, "Number of eligible symbols that kept their names");

static constexpr StringLiteral MapMetadataName = "uniqlink.renames";

/// Whether the options select \p GV's linkage. Only mergeable definitions
/// (uniqlink/Hash/Eligibility.h), and of those the linkages asked for:
/// linkonce_odr by default, since a weak or non-ODR definition may be one
/// that other objects or a strong definition bind by name.
static bool hasSelectedLinkage(const GlobalValue &GV, unsigned Linkages) {
  if (!isMergeableDefinition(GV))
    return false;
  switch (GV.getLinkage()) {
  case GlobalValue::LinkOnceODRLinkage:
    return Linkages & LinkOnceODR;
  case GlobalValue::WeakODRLinkage:
    return Linkages & WeakODR;
  case GlobalValue::LinkOnceAnyLinkage:
    return Linkages & LinkOnceAny;
  case GlobalValue::WeakAnyLinkage:
    return Linkages & WeakAny;
  default:
    return false;
  }
}

/// Adds the identifier-like tokens of \p Text (module-level or inline asm)
/// to \p Symbols. A symbol that asm names must keep its name: asm is not
/// rewritten.
static void addAsmTokens(StringSet<> &Symbols, StringRef Text) {
  auto IsIdent = [](char C) {
    return isAlnum(C) || C == '_' || C == '.' || C == '$';
  };
  while (!Text.empty()) {
    Text = Text.drop_until(IsIdent);
    StringRef Token = Text.take_while(IsIdent);
    if (!Token.empty())
      Symbols.insert(Token);
    Text = Text.drop_front(Token.size());
  }
}

namespace {
/// The decisions of steps 1 and 2.
struct RenamePlan {
  /// One symbol to rename. Its new name is built only when it is applied:
  /// stored, the new names (and copies of the old ones) were a fifth of the
  /// fresh memory the pass touched at a million symbols.
  struct Rename {
    GlobalValue *GV;
    /// The symbol's name, the module's own string: the old name until it is
    /// renamed, then the new one.
    StringRef Name;
    uint64_t Hash;
  };
  /// The symbols to rename, in module order.
  std::vector<Rename> Renames;
  /// Comdats to replace, in module order. The new comdat name is that of
  /// Renames[KeyEntry] if the comdat follows its key symbol, else the next
  /// one of ComdatNames; the objects to move are ComdatObjects from
  /// FirstObject to the next comdat's. Flat vectors: at a million comdats
  /// every byte per comdat is a megabyte of fresh pages.
  struct ComdatRename {
    Comdat *Old;
    unsigned KeyEntry;
    unsigned FirstObject;
  };
  static constexpr unsigned NoKey = ~0u;
  std::vector<ComdatRename> NewComdats;
  std::vector<GlobalObject *> ComdatObjects;
  std::vector<std::string> ComdatNames;
  /// Symbols that were eligible but keep their names, with the reason.
  std::vector<std::pair<std::string, std::string>> Skipped;
  RenameMode Mode = RenameMode::HashAndUUID;
  /// Empty in hash mode.
  std::string UUID;

  /// Appends the new name of a symbol named \p Base with content hash \p
  /// Hash to \p Out (uniqlink/Format/SymbolName.h).
  void appendNewName(SmallVectorImpl<char> &Out, StringRef Base,
                     uint64_t Hash) const {
    appendUniqueName(Out, Base,
                     Mode != RenameMode::UUID ? std::optional(Hash)
                                              : std::nullopt,
                     Mode != RenameMode::Hash ? StringRef(UUID) : StringRef());
  }
};
} // namespace

static Expected<std::string> pickUUID(const UniqueLinkonceOptions &Opts) {
  if (Opts.Mode == RenameMode::Hash)
    return std::string();
  if (!Opts.UUID.empty()) {
    if (!llvm::all_of(Opts.UUID, isDigit))
      return createStringError(inconvertibleErrorCode(),
                               "unique-linkonce: invalid uuid '" + Opts.UUID +
                                   "' (expected decimal digits)");
    return Opts.UUID;
  }
  uint64_t Random = 0;
  if (std::error_code EC = getRandomBytes(&Random, sizeof(Random)))
    return createStringError(EC, "unique-linkonce: cannot get random bytes: " +
                                     EC.message());
  return utostr(Random);
}

namespace {
/// Steps 1 and 2 over one module, each a method, in the order planRenames
/// calls them. Candidates are numbered in module order and everything about
/// one is kept in vectors by that number. No map from global to number: on a
/// module of a million candidates each lookup would be a cache miss. The
/// steps walk the module in order and count instead, and hashing asks
/// isLiveCandidate, which looks at the global itself and at a set of the
/// (usually few) exceptions.
///
/// The module's inline asm is learnt from step 2's walk over the bodies it
/// hashes (a walk of its own was a fifth of the pass: every instruction is a
/// cache miss on a large module). If it names a candidate, selection was
/// wrong: hashAndName says so, and the plan is made again by a planner given
/// the asm's symbols up front (RenamePlanner::AsmSymbols).
class RenamePlanner {
public:
  /// \p KnownAsm: the symbols that the module's asm names, if known.
  RenamePlanner(Module &M, const UniqueLinkonceOptions &Opts, std::string UUID,
                const StringSet<> *KnownAsm = nullptr)
      : M(M), Opts(Opts), AsmKnown(KnownAsm) {
    Plan.Mode = Opts.Mode;
    Plan.UUID = std::move(UUID);
    if (KnownAsm)
      AsmSymbols = *KnownAsm;
  }

  void selectCandidates();
  void closeOverComdats();
  /// False if the module's inline asm, learnt while hashing, names a
  /// candidate: the plan must be made again by a planner given
  /// takeAsmSymbols().
  [[nodiscard]] bool hashAndName();
  void closeRenamesOverComdats();
  void nameComdats();
  RenamePlan takePlan() { return std::move(Plan); }
  StringSet<> takeAsmSymbols() { return std::move(AsmSymbols); }

private:
  static constexpr unsigned NoEntry = ~0u;
  static constexpr unsigned NoCand = ~0u;

  /// A global of a comdat and its candidate number (NoCand if none).
  struct Member {
    GlobalValue *GV;
    unsigned Cand;
  };
  /// A comdat and the globals in it, in module order.
  struct ComdatGroup {
    const Comdat *C;
    SmallVector<Member, 1> Members;
  };

  /// Whether \p GV passes the tests of selectCandidates that do not need
  /// its name.
  bool mayBeCandidate(const GlobalValue &GV) const {
    if (!hasSelectedLinkage(GV, Opts.Linkages) || !GV.hasName())
      return false;
    const auto *V = dyn_cast<GlobalVariable>(&GV);
    return !V || (V->isConstant() && V->hasGlobalUnnamedAddr());
  }
  /// Whether \p GV (a global of the module) is a candidate still selected.
  bool isLiveCandidate(const GlobalValue &GV) const {
    return mayBeCandidate(GV) &&
           (NotCandidates.empty() || !NotCandidates.contains(&GV));
  }
  /// The entry of \p Mb in Plan.Renames, or NoEntry.
  unsigned entryOf(const Member &Mb) const {
    return Mb.Cand == NoCand ? NoEntry : EntryOf[Mb.Cand];
  }
  void skip(const GlobalValue &GV, const Twine &Why) {
    Plan.Skipped.emplace_back(GV.getName().str(), Why.str());
    LLVM_DEBUG(dbgs() << "unique-linkonce: keeping " << GV.getName() << ": "
                      << Why << "\n");
  }
  void skipForComdat(const GlobalValue &GV, const Comdat &C) {
    skip(GV, "comdat '" + C.getName() + "' has members that keep their names");
  }

  /// Adds the inline asm of the bodies step 2 did not hash (those of
  /// functions not in \p Roots) to \p Seen.
  void collectUnhashedInlineAsm(ArrayRef<const GlobalValue *> Roots,
                                SmallPtrSetImpl<const InlineAsm *> &Seen);

  Module &M;
  const UniqueLinkonceOptions &Opts;
  /// Whether AsmSymbols holds the inline asm's symbols from the start;
  /// otherwise only module asm's until hashAndName adds them.
  bool AsmKnown;
  StringSet<> AsmSymbols;
  RenamePlan Plan;
  SmallVector<GlobalValue *, 0> Cands;
  BitVector Live;
  /// Each candidate's name, read once: Value::getName looks the name up in a
  /// context-wide map, a cache miss per call on a large module.
  SmallVector<StringRef, 0> CandName;
  /// The globals that mayBeCandidate accepts but that are not (or no longer)
  /// candidates.
  DenseSet<const GlobalValue *> NotCandidates;
  /// The names of the module's globals that have a `.__ul.` infix: the only
  /// names that a new name can be equal to.
  StringSet<> UniqueNamesTaken;
  /// Each candidate's entry in Plan.Renames, if it gets one.
  std::vector<unsigned> EntryOf;
  /// Each entry's candidate.
  std::vector<unsigned> CandOfEntry;
  /// Every comdat, in the order of its first member in the module.
  std::vector<ComdatGroup> Comdats;
};
} // namespace

/// Step 1: every definition of a selected linkage is a candidate, except
/// those whose name must stay (see the top of this file).
void RenamePlanner::selectCandidates() {
  if (!AsmKnown)
    addAsmTokens(AsmSymbols, M.getModuleInlineAsm());
  // Every candidate has a name, so the symbol table's count bounds them. It is
  // kept, whereas Module::size() and the like walk their lists: a cache miss
  // per global on a module read long before (~4 ms on big.bc).
  size_t NumGlobals = M.getValueSymbolTable().size();
  Cands.reserve(NumGlobals);
  CandName.reserve(NumGlobals);
  for (GlobalValue &GV : M.global_values()) {
    if (!GV.hasName())
      continue;
    bool Selected = hasSelectedLinkage(GV, Opts.Linkages);
    StringRef Name = GV.getName();
    if (isUniqueLinkonceName(Name)) {
      UniqueNamesTaken.insert(Name);
      if (Selected)
        NotCandidates.insert(&GV);
      continue;
    }
    if (!Selected)
      continue;
    if (Name.take_front(5) == "llvm.") {
      NotCandidates.insert(&GV);
      continue;
    }
    if (const auto *V = dyn_cast<GlobalVariable>(&GV)) {
      if (!V->isConstant()) {
        skip(GV, "mutable variable: its identity is shared state");
        continue;
      }
      if (!V->hasGlobalUnnamedAddr()) {
        skip(GV, "constant without unnamed_addr: its address may matter");
        continue;
      }
    }
    if (!AsmSymbols.empty() && AsmSymbols.contains(Name)) {
      skip(GV, "named in inline or module asm");
      NotCandidates.insert(&GV);
      continue;
    }
    Cands.push_back(&GV);
    CandName.push_back(Name);
    Live.push_back(true);
  }
}

/// Step 1, continued: a comdat is renamed as a unit. If any member keeps its
/// name, all do, since the linker keeps or drops a comdat group whole.
void RenamePlanner::closeOverComdats() {
  // An alias is in its aliasee's comdat without being one of its users.
  SmallPtrSet<const Comdat *, 8> AliasedComdats;
  for (const GlobalAlias &GA : M.aliases())
    if (const Comdat *C = GA.getComdat())
      AliasedComdats.insert(C);
  DenseMap<const Comdat *, unsigned> GroupOf;
  Comdats.reserve(M.getComdatSymbolTable().size());
  // Candidates are in module order: count them instead of looking them up.
  unsigned NextCand = 0;
  for (GlobalValue &GV : M.global_values()) {
    unsigned Cand = NoCand;
    if (NextCand != Cands.size() && Cands[NextCand] == &GV)
      Cand = NextCand++;
    const Comdat *C = GV.getComdat();
    if (!C)
      continue;
    // Usually the comdat's only member: no lookup.
    if (isa<GlobalObject>(GV) && C->getUsers().size() == 1 &&
        !AliasedComdats.contains(C)) {
      Comdats.push_back({C, {{&GV, Cand}}});
      continue;
    }
    auto [It, New] = GroupOf.try_emplace(C, Comdats.size());
    if (New)
      Comdats.push_back({C, {}});
    Comdats[It->second].Members.push_back({&GV, Cand});
  }
  for (const ComdatGroup &G : Comdats) {
    auto IsLive = [&](const Member &Mb) {
      return Mb.Cand != NoCand && Live[Mb.Cand];
    };
    size_t NumSelected = llvm::count_if(G.Members, IsLive);
    if (NumSelected == 0 || NumSelected == G.Members.size())
      continue;
    for (const Member &Mb : G.Members) {
      if (IsLive(Mb)) {
        Live.reset(Mb.Cand);
        NotCandidates.insert(Mb.GV);
        skipForComdat(*Mb.GV, *G.C);
      }
    }
  }
}

/// Step 2: hash the candidates and name them. One pass over the module in
/// order; the roots' hashes come back as a vector in the same order (no map
/// to look up).
bool RenamePlanner::hashAndName() {
  SmallVector<const GlobalValue *, 0> Roots;
  SmallVector<unsigned, 0> RootCand;
  Roots.reserve(Live.count());
  RootCand.reserve(Live.count());
  for (unsigned I : Live.set_bits()) {
    Roots.push_back(Cands[I]);
    RootCand.push_back(I);
  }
  // A reference counts by content iff it reaches a candidate (its old name
  // is about to stop identifying it) or a local definition.
  auto IsCandidate = [&](const GlobalValue &GV) { return isLiveCandidate(GV); };
  SmallPtrSet<const InlineAsm *, 8> SeenAsm;
  HashOptions HashOpts;
  auto OnInlineAsm = [&](const InlineAsm &IA) { SeenAsm.insert(&IA); };
  if (!AsmKnown)
    HashOpts.OnInlineAsm = OnInlineAsm;
  SmallVector<uint64_t, 0> Hashes = computeRootHashes(
      M, [&](const GlobalValue &GV) { return refKindOf(GV, IsCandidate); },
      Roots, HashOpts);
  if (!AsmKnown) {
    collectUnhashedInlineAsm(Roots, SeenAsm);
    for (const InlineAsm *IA : SeenAsm)
      addAsmTokens(AsmSymbols, IA->getAsmString());
    AsmKnown = true;
    // Selection skips a candidate that asm names (selectCandidates).
    if (!SeenAsm.empty() && llvm::any_of(CandName, [&](StringRef Name) {
          return AsmSymbols.contains(Name);
        }))
      return false;
  }
  // New names of selected symbols never collide with each other: a selected
  // name has no `.__ul.` infix and the suffix is `.__ul.` and digits and
  // dots, so the new name gives back the old one. Only a symbol the module
  // already has can take one, and only one whose name has the infix too: no
  // lookup in the module's symbol table.
  std::vector<RenamePlan::Rename> &Renames = Plan.Renames;
  Renames.reserve(Roots.size());
  CandOfEntry.reserve(Roots.size());
  EntryOf.assign(Cands.size(), NoEntry);
  SmallString<128> NewName;
  for (size_t I = 0; I != Roots.size(); ++I) {
    GlobalValue *GV = const_cast<GlobalValue *>(Roots[I]);
    StringRef Name = CandName[RootCand[I]];
    if (!UniqueNamesTaken.empty()) {
      NewName.clear();
      Plan.appendNewName(NewName, Name, Hashes[I]);
      if (UniqueNamesTaken.contains(NewName)) {
        skip(*GV, "new name '" + NewName + "' is already taken");
        continue;
      }
    }
    EntryOf[RootCand[I]] = Renames.size();
    CandOfEntry.push_back(RootCand[I]);
    Renames.push_back({GV, Name, Hashes[I]});
  }
  return true;
}

void RenamePlanner::collectUnhashedInlineAsm(
    ArrayRef<const GlobalValue *> Roots,
    SmallPtrSetImpl<const InlineAsm *> &Seen) {
  // Roots are in module order, functions first: count them off instead of
  // looking them up. Every root is hashed, so its body was walked.
  const GlobalValue *const *NextRoot = Roots.begin();
  for (const Function &F : M) {
    if (NextRoot != Roots.end() && *NextRoot == &F) {
      ++NextRoot;
      continue;
    }
    for (const BasicBlock &BB : F)
      for (const Instruction &I : BB)
        if (const auto *CB = dyn_cast<CallBase>(&I))
          if (const auto *IA = dyn_cast<InlineAsm>(CB->getCalledOperand()))
            Seen.insert(IA);
  }
}

/// Step 2, continued: a member whose new name was taken keeps its name, so
/// its whole comdat must too (see closeOverComdats).
void RenamePlanner::closeRenamesOverComdats() {
  std::vector<RenamePlan::Rename> &Renames = Plan.Renames;
  bool Dropped = false;
  for (const ComdatGroup &G : Comdats) {
    if (llvm::all_of(G.Members,
                     [&](const Member &Mb) { return entryOf(Mb) != NoEntry; }))
      continue;
    for (const Member &Mb : G.Members) {
      unsigned Entry = entryOf(Mb);
      if (Entry == NoEntry)
        continue;
      Renames[Entry].GV = nullptr;
      EntryOf[Mb.Cand] = NoEntry;
      Dropped = true;
      skipForComdat(*Mb.GV, *G.C);
    }
  }
  if (!Dropped)
    return;
  size_t Out = 0;
  for (size_t I = 0; I != Renames.size(); ++I) {
    if (!Renames[I].GV)
      continue;
    EntryOf[CandOfEntry[I]] = Out;
    CandOfEntry[Out] = CandOfEntry[I];
    Renames[Out++] = Renames[I];
  }
  CandOfEntry.resize(Out);
  Renames.resize(Out);
}

/// Step 2, last: the new name of every comdat whose members are renamed.
/// Usually the comdat is named after its key symbol; it follows that symbol.
/// Otherwise (e.g. C5 constructor comdats) it is named after the combined
/// hash of its members, in name order.
void RenamePlanner::nameComdats() {
  const std::vector<RenamePlan::Rename> &Renames = Plan.Renames;
  Plan.NewComdats.reserve(Comdats.size());
  Plan.ComdatObjects.reserve(Comdats.size());
  for (const ComdatGroup &G : Comdats) {
    // Either all members have an entry or none (closeRenamesOverComdats).
    if (entryOf(G.Members.front()) == NoEntry)
      continue;
    const Comdat *C = G.C;
    unsigned KeyEntry = RenamePlan::NoKey;
    SmallVector<std::pair<StringRef, uint64_t>, 4> Parts;
    unsigned FirstObject = Plan.ComdatObjects.size();
    for (const Member &Mb : G.Members) {
      if (auto *GO = dyn_cast<GlobalObject>(Mb.GV))
        Plan.ComdatObjects.push_back(GO);
      unsigned Entry = EntryOf[Mb.Cand];
      StringRef Name = Renames[Entry].Name;
      if (Name == C->getName())
        KeyEntry = Entry;
      Parts.emplace_back(Name, Renames[Entry].Hash);
    }
    if (KeyEntry == RenamePlan::NoKey) {
      llvm::sort(Parts);
      std::string Bytes;
      for (auto &[Name, Hash] : Parts)
        Bytes += Name.str() + "=" + utostr(Hash) + ";";
      SmallString<128> Name;
      Plan.appendNewName(Name, C->getName(),
                         compat::hashBytes(arrayRefFromStringRef(Bytes)));
      Plan.ComdatNames.push_back(std::string(Name.str()));
    }
    Plan.NewComdats.push_back({const_cast<Comdat *>(C), KeyEntry, FirstObject});
  }
}

static Expected<RenamePlan> planRenames(Module &M,
                                        const UniqueLinkonceOptions &Opts) {
  Expected<std::string> UUID = pickUUID(Opts);
  if (!UUID)
    return UUID.takeError();
  auto Run = [&](RenamePlanner &Planner) {
    Planner.selectCandidates();
    Planner.closeOverComdats();
    if (!Planner.hashAndName())
      return false;
    Planner.closeRenamesOverComdats();
    Planner.nameComdats();
    return true;
  };
  RenamePlanner Planner(M, Opts, *UUID);
  if (Run(Planner))
    return Planner.takePlan();
  // Inline asm names a candidate (rare): plan again, knowing the asm.
  StringSet<> AsmSymbols = Planner.takeAsmSymbols();
  RenamePlanner Again(M, Opts, std::move(*UUID), &AsmSymbols);
  bool Done = Run(Again);
  assert(Done && "the asm was known");
  (void)Done;
  return Again.takePlan();
}

static Error writeMapFile(StringRef Path, const RenamePlan &Plan) {
  std::error_code EC;
  raw_fd_ostream OS(Path, EC, sys::fs::OF_Text);
  if (EC)
    return createFileError(Path, EC);
  json::OStream J(OS, 2);
  J.object([&] {
    J.attribute("mode", renameModeName(Plan.Mode));
    J.attribute("uuid", Plan.UUID);
    J.attributeArray("renamed", [&] {
      SmallString<128> NewName;
      for (const RenamePlan::Rename &R : Plan.Renames)
        J.object([&] {
          NewName.clear();
          Plan.appendNewName(NewName, R.Name, R.Hash);
          J.attribute("old", R.Name);
          J.attribute("new", NewName);
          J.attribute("hash", utostr(R.Hash));
        });
    });
    J.attributeArray("skipped", [&] {
      for (const std::pair<std::string, std::string> &Kept : Plan.Skipped)
        J.object([&] {
          J.attribute("name", Kept.first);
          J.attribute("reason", Kept.second);
        });
    });
  });
  OS << "\n";
  OS.close();
  if (OS.has_error()) {
    EC = OS.error();
    OS.clear_error();
    return createFileError(Path, EC);
  }
  return Error::success();
}

/// Remarks cost a diagnostic object each; build them only when someone
/// listens (-pass-remarks* or a remarks file), as OptimizationRemarkEmitter
/// itself decides.
static bool remarksEnabled(LLVMContext &Ctx) {
  return Ctx.getLLVMRemarkStreamer() ||
         Ctx.getDiagHandlerPtr()->isAnyRemarkEnabled(DEBUG_TYPE);
}

static void emitRenamedRemark(Function &F, StringRef OldName,
                              StringRef NewName) {
  OptimizationRemarkEmitter ORE(&F);
  ORE.emit([&] {
    return OptimizationRemark(DEBUG_TYPE, "Renamed", &F)
           << "renamed linkonce definition '" << ore::NV("Old", OldName)
           << "' to '" << ore::NV("New", NewName) << "'";
  });
}

static void emitKeptRemark(Function &F, StringRef Why) {
  OptimizationRemarkEmitter ORE(&F);
  ORE.emit([&] {
    return OptimizationRemarkMissed(DEBUG_TYPE, "Kept", &F)
           << "kept the name of '" << ore::NV("Name", F.getName())
           << "': " << ore::NV("Reason", Why);
  });
}

Expected<size_t> uniqlink::renameLinkonceDefinitions(
    Module &M, const UniqueLinkonceOptions &Opts, RenameResult *Result) {
  Expected<RenamePlan> Plan = planRenames(M, Opts);
  if (!Plan)
    return Plan.takeError();
  if (!Opts.MapFile.empty())
    if (Error E = writeMapFile(Opts.MapFile, *Plan))
      return std::move(E);

  // Step 3: apply.
  LLVMContext &Ctx = M.getContext();
  bool Remarks = remarksEnabled(Ctx);
  NamedMDNode *MapMD = Opts.MapMetadata && !Plan->Renames.empty()
                           ? M.getOrInsertNamedMetadata(MapMetadataName)
                           : nullptr;
  if (Result) {
    Result->Renamed.reserve(Plan->Renames.size());
    Result->UUID = Plan->UUID;
  }
  SmallString<128> NewName, OldName;
  for (RenamePlan::Rename &R : Plan->Renames) {
    NewName.clear();
    Plan->appendNewName(NewName, R.Name, R.Hash);
    // R.Name is the symbol table's string: setName frees it. Whatever
    // needs the old name reads it first.
    if (Result)
      Result->Renamed.push_back(
          {R.Name.str(), std::string(NewName.str()), R.Hash});
    if (MapMD)
      MapMD->addOperand(MDNode::get(
          Ctx, {MDString::get(Ctx, R.Name), MDString::get(Ctx, NewName)}));
    LLVM_DEBUG(dbgs() << "unique-linkonce: " << R.Name << " -> " << NewName
                      << "\n");
    auto *F = dyn_cast<Function>(R.GV);
    DISubprogram *SP = F ? F->getSubprogram() : nullptr;
    bool RenameLinkageName = SP && SP->getLinkageName() == R.Name;
    if (F && Remarks)
      OldName = R.Name;
    R.GV->setName(NewName);
    // Read back while the symbol table's entry is in the cache: the comdats
    // below are named after it.
    R.Name = R.GV->getName();
    assert(R.Name == NewName && "planned name was free");
    if (F) {
      ++NumRenamedFunctions;
      if (RenameLinkageName)
        SP->replaceLinkageName(MDString::get(Ctx, NewName));
      if (Remarks)
        emitRenamedRemark(*F, OldName, NewName);
    } else if (isa<GlobalVariable>(R.GV)) {
      ++NumRenamedVariables;
    } else {
      ++NumRenamedAliases;
    }
  }
  ArrayRef<RenamePlan::ComdatRename> NewComdats = Plan->NewComdats;
  ArrayRef<GlobalObject *> ComdatObjects = Plan->ComdatObjects;
  const std::string *NextComdatName = Plan->ComdatNames.data();
  for (size_t I = 0; I != NewComdats.size(); ++I) {
    const RenamePlan::ComdatRename &CR = NewComdats[I];
    Comdat *New = M.getOrInsertComdat(CR.KeyEntry == RenamePlan::NoKey
                                          ? StringRef(*NextComdatName++)
                                          : Plan->Renames[CR.KeyEntry].Name);
    New->setSelectionKind(CR.Old->getSelectionKind());
    size_t EndObject = I + 1 != NewComdats.size()
                           ? NewComdats[I + 1].FirstObject
                           : ComdatObjects.size();
    for (GlobalObject *GO :
         ComdatObjects.slice(CR.FirstObject, EndObject - CR.FirstObject))
      GO->setComdat(New);
    ++NumRenamedComdats;
  }
  NumSkipped += Plan->Skipped.size();
  if (Remarks)
    for (const auto &[Name, Why] : Plan->Skipped)
      if (Function *F = M.getFunction(Name))
        emitKeptRemark(*F, Why);
  size_t NumRenamed = Plan->Renames.size();
  if (Result)
    Result->Skipped = std::move(Plan->Skipped);
  return NumRenamed;
}

Expected<RenameResult>
uniqlink::renameLinkonceDefinitions(Module &M,
                                    const UniqueLinkonceOptions &Opts) {
  RenameResult Result;
  if (Expected<size_t> N = renameLinkonceDefinitions(M, Opts, &Result); !N)
    return N.takeError();
  return std::move(Result);
}
