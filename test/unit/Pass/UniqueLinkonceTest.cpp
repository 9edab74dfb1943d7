//===- UniqueLinkonceTest.cpp - renameLinkonceDefinitions -----------------===//
//
// The C++ API a JIT calls before adding a module: the shape of the new names
// in each mode, uuid handling, idempotence, what must keep its name (mutable
// variables, address-significant constants, asm-named symbols, comdats with
// such members), comdat renaming, the `uniqlink.renames` metadata, the JSON
// map file, and that the module still verifies and is untouched when the
// rename fails (issue 2, "The pass").
//
//===----------------------------------------------------------------------===//
#include "uniqlink/Pass/UniqueLinkonce.h"
#include "uniqlink/Compat/IR.h"
#include "uniqlink/Compat/Support.h"
#include "uniqlink/Hash/ContentHash.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/AsmParser/Parser.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/GlobalAlias.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <map>
#include <memory>
#include <string>

using namespace llvm;
using namespace uniqlink;

namespace {

std::unique_ptr<Module> parse(LLVMContext &Ctx, StringRef IR) {
  SMDiagnostic Err;
  compat::useOpaquePointers(Ctx);
  std::unique_ptr<Module> M = parseAssemblyString(IR, Err, Ctx);
  if (!M) {
    std::string Msg;
    raw_string_ostream OS(Msg);
    Err.print("test-ir", OS);
    ADD_FAILURE() << "IR does not parse:\n" << OS.str();
    return nullptr;
  }
  std::string Msg;
  raw_string_ostream OS(Msg);
  if (verifyModule(*M, &OS)) {
    ADD_FAILURE() << "IR does not verify:\n" << OS.str();
    return nullptr;
  }
  return M;
}

std::string print(const Module &M) {
  std::string S;
  raw_string_ostream OS(S);
  M.print(OS, nullptr);
  return OS.str();
}

/// Expects \p M to verify after renaming.
void expectVerifies(const Module &M) {
  std::string Msg;
  raw_string_ostream OS(Msg);
  EXPECT_FALSE(verifyModule(M, &OS)) << OS.str() << "\n" << print(M);
}

UniqueLinkonceOptions opts(RenameMode Mode, StringRef UUID = "") {
  UniqueLinkonceOptions O;
  O.Mode = Mode;
  O.UUID = UUID.str();
  return O;
}

/// Renames and returns old name -> new name; fails the test on an error.
std::map<std::string, std::string>
rename(Module &M, const UniqueLinkonceOptions &O, RenameResult *Out = nullptr) {
  Expected<RenameResult> R = renameLinkonceDefinitions(M, O);
  if (!R) {
    ADD_FAILURE() << "rename failed: " << toString(R.takeError());
    return {};
  }
  std::map<std::string, std::string> Map;
  for (const RenameEntry &E : R->Renamed)
    Map[E.OldName] = E.NewName;
  if (Out)
    *Out = std::move(*R);
  return Map;
}

bool matches(StringRef Pattern, StringRef Name) {
  return Regex(Pattern).match(Name);
}

bool wasSkipped(const RenameResult &R, StringRef Name) {
  return llvm::any_of(R.Skipped,
                      [&](const auto &P) { return P.first == Name; });
}

const char *const Basic = R"(
define linkonce_odr i32 @f(i32 %x) {
  %a = add i32 %x, 1
  ret i32 %a
}
define i32 @main() {
  %r = call i32 @f(i32 1)
  ret i32 %r
}
)";

//===----------------------------------------------------------------------===//
// Name shapes.
//===----------------------------------------------------------------------===//

TEST(Rename, HashModeName) {
  LLVMContext Ctx;
  std::unique_ptr<Module> M = parse(Ctx, Basic);
  ASSERT_TRUE(M);
  uint64_t Expected =
      computeContentHashes(*M, defaultRefKind).lookup(M->getFunction("f"));
  RenameResult R;
  auto Map = rename(*M, opts(RenameMode::Hash), &R);
  ASSERT_EQ(Map.size(), 1u);
  EXPECT_TRUE(matches("^f\\.__ul\\.[0-9]+$", Map["f"])) << Map["f"];
  EXPECT_EQ(Map["f"], "f.__ul." + utostr(Expected));
  ASSERT_EQ(R.Renamed.size(), 1u);
  EXPECT_EQ(R.Renamed[0].ContentHash, Expected);
  EXPECT_TRUE(R.UUID.empty());
  // The symbol itself carries the name and its caller follows.
  EXPECT_EQ(M->getFunction("f"), nullptr);
  Function *F = M->getFunction(Map["f"]);
  ASSERT_NE(F, nullptr);
  EXPECT_TRUE(F->hasLinkOnceODRLinkage());
  auto *Call = cast<CallInst>(&M->getFunction("main")->front().front());
  EXPECT_EQ(Call->getCalledFunction(), F);
  EXPECT_TRUE(isUniqueLinkonceName(F->getName()));
  EXPECT_FALSE(isUniqueLinkonceName("main"));
  expectVerifies(*M);
}

TEST(Rename, HashAndUUIDModeName) {
  LLVMContext Ctx;
  std::unique_ptr<Module> M = parse(Ctx, Basic);
  ASSERT_TRUE(M);
  RenameResult R;
  auto Map = rename(*M, opts(RenameMode::HashAndUUID, "123456"), &R);
  ASSERT_EQ(Map.size(), 1u);
  EXPECT_TRUE(matches("^f\\.__ul\\.[0-9]+\\.123456$", Map["f"])) << Map["f"];
  EXPECT_EQ(R.UUID, "123456");
  EXPECT_EQ(Map["f"], "f.__ul." + utostr(R.Renamed[0].ContentHash) + ".123456");
  expectVerifies(*M);
}

TEST(Rename, UUIDModeName) {
  LLVMContext Ctx;
  std::unique_ptr<Module> M = parse(Ctx, Basic);
  ASSERT_TRUE(M);
  auto Map = rename(*M, opts(RenameMode::UUID, "42"));
  ASSERT_EQ(Map.size(), 1u);
  EXPECT_EQ(Map["f"], "f.__ul.42");
  expectVerifies(*M);
}

TEST(Rename, DefaultOptionsRandomUUID) {
  // The default mode is hash+uuid with a random uuid per run.
  LLVMContext Ctx;
  std::unique_ptr<Module> M1 = parse(Ctx, Basic), M2 = parse(Ctx, Basic);
  ASSERT_TRUE(M1 && M2);
  RenameResult R1, R2;
  auto Map1 = rename(*M1, UniqueLinkonceOptions(), &R1);
  auto Map2 = rename(*M2, UniqueLinkonceOptions(), &R2);
  ASSERT_EQ(Map1.size(), 1u);
  ASSERT_EQ(Map2.size(), 1u);
  EXPECT_TRUE(matches("^[0-9]+$", R1.UUID)) << R1.UUID;
  EXPECT_TRUE(matches("^[0-9]+$", R2.UUID)) << R2.UUID;
  EXPECT_NE(R1.UUID, R2.UUID);
  EXPECT_NE(Map1["f"], Map2["f"]);
  // Same body, same hash part.
  EXPECT_EQ(R1.Renamed[0].ContentHash, R2.Renamed[0].ContentHash);
  EXPECT_EQ(Map1["f"],
            "f.__ul." + utostr(R1.Renamed[0].ContentHash) + "." + R1.UUID);
}

TEST(Rename, RandomUUIDModeDiffers) {
  LLVMContext Ctx;
  std::unique_ptr<Module> M1 = parse(Ctx, Basic), M2 = parse(Ctx, Basic);
  ASSERT_TRUE(M1 && M2);
  auto Map1 = rename(*M1, opts(RenameMode::UUID));
  auto Map2 = rename(*M2, opts(RenameMode::UUID));
  EXPECT_TRUE(matches("^f\\.__ul\\.[0-9]+$", Map1["f"])) << Map1["f"];
  EXPECT_NE(Map1["f"], Map2["f"]);
}

TEST(Rename, HashModeIsDeterministicAndContentDependent) {
  const char *Other = R"(
define linkonce_odr i32 @f(i32 %x) {
  %a = add i32 %x, 2
  ret i32 %a
}
)";
  LLVMContext Ctx;
  std::unique_ptr<Module> M1 = parse(Ctx, Basic), M2 = parse(Ctx, Basic),
                          M3 = parse(Ctx, Other);
  ASSERT_TRUE(M1 && M2 && M3);
  auto Map1 = rename(*M1, opts(RenameMode::Hash));
  auto Map2 = rename(*M2, opts(RenameMode::Hash));
  auto Map3 = rename(*M3, opts(RenameMode::Hash));
  EXPECT_EQ(Map1["f"], Map2["f"]);
  EXPECT_NE(Map1["f"], Map3["f"]);
}

TEST(Rename, CalleeChangeRenamesCaller) {
  auto IR = [](int C) {
    return "define linkonce_odr i32 @g(i32 %x) {\n  %a = add i32 %x, " +
           std::to_string(C) +
           "\n  ret i32 %a\n}\n"
           "define linkonce_odr i32 @f(i32 %x) {\n  %a = call i32 @g(i32 "
           "%x)\n  ret i32 %a\n}\n";
  };
  LLVMContext Ctx;
  std::unique_ptr<Module> M1 = parse(Ctx, IR(1)), M2 = parse(Ctx, IR(2));
  ASSERT_TRUE(M1 && M2);
  auto Map1 = rename(*M1, opts(RenameMode::Hash));
  auto Map2 = rename(*M2, opts(RenameMode::Hash));
  EXPECT_NE(Map1["g"], Map2["g"]);
  EXPECT_NE(Map1["f"], Map2["f"]);
  // f calls the renamed g.
  Function *F = M1->getFunction(Map1["f"]);
  ASSERT_NE(F, nullptr);
  EXPECT_EQ(cast<CallInst>(&F->front().front())->getCalledFunction(),
            M1->getFunction(Map1["g"]));
  expectVerifies(*M1);
}

//===----------------------------------------------------------------------===//
// Idempotence.
//===----------------------------------------------------------------------===//

const char *const Rich = R"(
$f = comdat any
$cx = comdat any
@.str = private unnamed_addr constant [3 x i8] c"hi\00"
@cst = linkonce_odr unnamed_addr constant i32 7, comdat($cx)
@cx = linkonce_odr unnamed_addr constant ptr @.str, comdat
@mut = linkonce_odr global i32 0
@al = linkonce_odr alias i32 (i32), ptr @f
@llvm.used = appending global [1 x ptr] [ptr @g], section "llvm.metadata"
define linkonce_odr i32 @f(i32 %x) comdat {
  %a = add i32 %x, 1
  ret i32 %a
}
define linkonce_odr i32 @g(i32 %x) {
  %a = call i32 @f(i32 %x)
  %b = call i32 @al(i32 %a)
  %v = load i32, ptr @mut
  %c = add i32 %b, %v
  ret i32 %c
}
define weak_odr i32 @w() {
  ret i32 0
}
)";

TEST(Rename, Idempotent) {
  for (RenameMode Mode :
       {RenameMode::Hash, RenameMode::UUID, RenameMode::HashAndUUID}) {
    LLVMContext Ctx;
    std::unique_ptr<Module> M = parse(Ctx, Rich);
    ASSERT_TRUE(M);
    UniqueLinkonceOptions O = opts(Mode);
    auto First = rename(*M, O);
    EXPECT_FALSE(First.empty());
    expectVerifies(*M);
    std::string After1 = print(*M);
    RenameResult R2;
    auto Second = rename(*M, O, &R2);
    EXPECT_TRUE(Second.empty());
    EXPECT_EQ(After1, print(*M)) << "second run changed the module";
    expectVerifies(*M);
  }
}

//===----------------------------------------------------------------------===//
// What keeps its name.
//===----------------------------------------------------------------------===//

TEST(Rename, RichModuleVerifiesAndKeepsWhatMustStay) {
  LLVMContext Ctx;
  std::unique_ptr<Module> M = parse(Ctx, Rich);
  ASSERT_TRUE(M);
  RenameResult R;
  auto Map = rename(*M, opts(RenameMode::Hash), &R);
  expectVerifies(*M);
  // Renamed: functions, the alias, unnamed_addr constants.
  for (StringRef N : {"f", "g", "al", "cst", "cx"}) {
    EXPECT_TRUE(Map.count(N.str())) << N.str() << " not renamed";
    EXPECT_EQ(M->getNamedValue(N), nullptr) << N.str();
  }
  // Kept: the mutable variable, the strong and weak_odr ones (not selected),
  // llvm.used, the private string.
  EXPECT_NE(M->getNamedGlobal("mut"), nullptr);
  EXPECT_TRUE(wasSkipped(R, "mut"));
  EXPECT_NE(M->getFunction("w"), nullptr);
  EXPECT_NE(M->getNamedGlobal("llvm.used"), nullptr);
  EXPECT_NE(M->getNamedGlobal(".str"), nullptr);
  // llvm.used still holds g, under its new name.
  auto *Used =
      cast<ConstantArray>(M->getNamedGlobal("llvm.used")->getInitializer());
  ASSERT_EQ(Used->getNumOperands(), 1u);
  EXPECT_EQ(Used->getOperand(0), M->getFunction(Map["g"]));
  // The alias still points at f.
  auto *A = M->getNamedAlias(Map["al"]);
  ASSERT_NE(A, nullptr);
  EXPECT_EQ(A->getAliasee(), M->getFunction(Map["f"]));
}

TEST(Rename, MutableAndAddressSignificantGlobalsKeepNames) {
  const char *IR = R"(
@mut = linkonce_odr global i32 0
@named = linkonce_odr constant i32 1
@local = linkonce_odr local_unnamed_addr constant i32 2
@unnamed = linkonce_odr unnamed_addr constant i32 3
define linkonce_odr i32 @use() {
  %a = load i32, ptr @mut
  %b = load i32, ptr @named
  %c = load i32, ptr @local
  %d = load i32, ptr @unnamed
  %s1 = add i32 %a, %b
  %s2 = add i32 %c, %d
  %s = add i32 %s1, %s2
  ret i32 %s
}
)";
  LLVMContext Ctx;
  std::unique_ptr<Module> M = parse(Ctx, IR);
  ASSERT_TRUE(M);
  RenameResult R;
  auto Map = rename(*M, opts(RenameMode::Hash), &R);
  EXPECT_NE(M->getNamedGlobal("mut"), nullptr);
  EXPECT_NE(M->getNamedGlobal("named"), nullptr);
  EXPECT_NE(M->getNamedGlobal("local"), nullptr);
  EXPECT_TRUE(wasSkipped(R, "mut"));
  EXPECT_TRUE(wasSkipped(R, "named"));
  EXPECT_TRUE(wasSkipped(R, "local"));
  EXPECT_EQ(M->getNamedGlobal("unnamed"), nullptr);
  EXPECT_TRUE(Map.count("unnamed"));
  EXPECT_TRUE(Map.count("use"));
  expectVerifies(*M);
}

TEST(Rename, MutableGlobalCountsByName) {
  // A function that stores to a kept mutable global: its hash depends on
  // which global (by name), not on the global's initializer.
  auto IR = [](StringRef G, int Init) {
    return ("@" + G + " = linkonce_odr global i32 " + Twine(Init) +
            "\ndefine linkonce_odr void @set() {\n  store i32 1, ptr @" + G +
            "\n  ret void\n}\n")
        .str();
  };
  LLVMContext Ctx;
  std::unique_ptr<Module> A = parse(Ctx, IR("a", 0)),
                          A2 = parse(Ctx, IR("a", 5)),
                          B = parse(Ctx, IR("b", 0));
  ASSERT_TRUE(A && A2 && B);
  auto MA = rename(*A, opts(RenameMode::Hash));
  auto MA2 = rename(*A2, opts(RenameMode::Hash));
  auto MB = rename(*B, opts(RenameMode::Hash));
  EXPECT_EQ(MA["set"], MA2["set"]);
  EXPECT_NE(MA["set"], MB["set"]);
}

TEST(Rename, AsmNamedSymbolsKeepNames) {
  const char *IR = R"(
module asm ".globl inmodasm"
module asm "inmodasm = 0"
define linkonce_odr i32 @inmodasm() {
  ret i32 1
}
define linkonce_odr i32 @ininlineasm() {
  ret i32 2
}
define linkonce_odr i32 @free() {
  ret i32 3
}
define i32 @caller() {
  call void asm sideeffect "call ininlineasm", ""()
  ret i32 0
}
)";
  LLVMContext Ctx;
  std::unique_ptr<Module> M = parse(Ctx, IR);
  ASSERT_TRUE(M);
  RenameResult R;
  auto Map = rename(*M, opts(RenameMode::Hash), &R);
  EXPECT_NE(M->getFunction("inmodasm"), nullptr);
  EXPECT_NE(M->getFunction("ininlineasm"), nullptr);
  EXPECT_TRUE(wasSkipped(R, "inmodasm"));
  EXPECT_TRUE(wasSkipped(R, "ininlineasm"));
  EXPECT_EQ(Map.size(), 1u);
  EXPECT_TRUE(Map.count("free"));
}

TEST(Rename, LinkageSelection) {
  const char *IR = R"(
define linkonce_odr i32 @lo() {
  ret i32 1
}
define weak_odr i32 @wo() {
  ret i32 2
}
define linkonce i32 @la() {
  ret i32 3
}
define weak i32 @wa() {
  ret i32 4
}
define i32 @strong() {
  ret i32 5
}
define internal i32 @loc() {
  ret i32 6
}
define available_externally i32 @ae() {
  ret i32 7
}
)";
  LLVMContext Ctx;
  std::unique_ptr<Module> M1 = parse(Ctx, IR), M2 = parse(Ctx, IR);
  ASSERT_TRUE(M1 && M2);
  auto Default = rename(*M1, opts(RenameMode::Hash));
  EXPECT_EQ(Default.size(), 1u);
  EXPECT_TRUE(Default.count("lo"));
  UniqueLinkonceOptions All = opts(RenameMode::Hash);
  All.Linkages = LinkOnceODR | WeakODR | LinkOnceAny | WeakAny;
  auto Map = rename(*M2, All);
  EXPECT_EQ(Map.size(), 4u);
  for (const char *N : {"lo", "wo", "la", "wa"})
    EXPECT_TRUE(Map.count(N)) << N;
  for (const char *N : {"strong", "loc", "ae"})
    EXPECT_NE(M2->getFunction(N), nullptr) << N;
}

//===----------------------------------------------------------------------===//
// Comdats.
//===----------------------------------------------------------------------===//

TEST(Rename, ComdatFollowsKeyAndKeepsSelectionKind) {
  const char *IR = R"(
$f = comdat largest
$g = comdat any
@f.tab = linkonce_odr unnamed_addr constant [2 x i32] [i32 1, i32 2], comdat($f)
define linkonce_odr i32 @f(i32 %x) comdat {
  ret i32 %x
}
define linkonce_odr i32 @g(i32 %x) comdat {
  ret i32 %x
}
)";
  LLVMContext Ctx;
  std::unique_ptr<Module> M = parse(Ctx, IR);
  ASSERT_TRUE(M);
  auto Map = rename(*M, opts(RenameMode::Hash));
  ASSERT_EQ(Map.size(), 3u);
  Function *F = M->getFunction(Map["f"]);
  Function *G = M->getFunction(Map["g"]);
  GlobalVariable *Tab = M->getNamedGlobal(Map["f.tab"]);
  ASSERT_TRUE(F && G && Tab);
  ASSERT_NE(F->getComdat(), nullptr);
  EXPECT_EQ(F->getComdat()->getName(), F->getName());
  EXPECT_EQ(F->getComdat()->getSelectionKind(), Comdat::Largest);
  EXPECT_EQ(Tab->getComdat(), F->getComdat());
  ASSERT_NE(G->getComdat(), nullptr);
  EXPECT_EQ(G->getComdat()->getName(), G->getName());
  EXPECT_EQ(G->getComdat()->getSelectionKind(), Comdat::Any);
  expectVerifies(*M);
  // The printed module names only the new comdats.
  std::string Text = print(*M);
  EXPECT_EQ(Text.find("$f = comdat"), std::string::npos) << Text;
  EXPECT_EQ(Text.find("$g = comdat"), std::string::npos) << Text;
  EXPECT_NE(Text.find("$" + Map["f"] + " = comdat largest"), std::string::npos)
      << Text;
}

TEST(Rename, ComdatNotNamedAfterAMember) {
  // Like clang's C5 constructor comdats: the comdat name is none of its
  // members' names; it is renamed by its members' content.
  auto IR = [](int C) {
    return "$_ZN1AC5Ev = comdat any\n"
           "define linkonce_odr void @_ZN1AC2Ev(ptr %p) comdat($_ZN1AC5Ev) "
           "{\n  store i32 " +
           std::to_string(C) +
           ", ptr %p\n  ret void\n}\n"
           "define linkonce_odr void @_ZN1AC1Ev(ptr %p) comdat($_ZN1AC5Ev) "
           "{\n  call void @_ZN1AC2Ev(ptr %p)\n  ret void\n}\n";
  };
  LLVMContext Ctx;
  std::unique_ptr<Module> M1 = parse(Ctx, IR(1)), M2 = parse(Ctx, IR(2));
  ASSERT_TRUE(M1 && M2);
  auto Map1 = rename(*M1, opts(RenameMode::Hash));
  auto Map2 = rename(*M2, opts(RenameMode::Hash));
  ASSERT_EQ(Map1.size(), 2u);
  const Comdat *C1 = M1->getFunction(Map1["_ZN1AC1Ev"])->getComdat();
  const Comdat *C2 = M2->getFunction(Map2["_ZN1AC1Ev"])->getComdat();
  ASSERT_TRUE(C1 && C2);
  EXPECT_TRUE(matches("^_ZN1AC5Ev\\.__ul\\.[0-9]+$", C1->getName()))
      << C1->getName().str();
  EXPECT_EQ(M1->getFunction(Map1["_ZN1AC2Ev"])->getComdat(), C1);
  EXPECT_NE(C1->getName(), C2->getName());
  expectVerifies(*M1);
}

TEST(Rename, ComdatWithMutableMemberIsSkipped) {
  const char *IR = R"(
$v = comdat any
@v = linkonce_odr global i32 0, comdat
@v.init = linkonce_odr unnamed_addr constant i32 1, comdat($v)
define linkonce_odr i32 @getv() comdat($v) {
  %a = load i32, ptr @v
  ret i32 %a
}
define linkonce_odr i32 @free() {
  ret i32 0
}
)";
  LLVMContext Ctx;
  std::unique_ptr<Module> M = parse(Ctx, IR);
  ASSERT_TRUE(M);
  RenameResult R;
  auto Map = rename(*M, opts(RenameMode::Hash), &R);
  EXPECT_EQ(Map.size(), 1u);
  EXPECT_TRUE(Map.count("free"));
  for (const char *N : {"v", "v.init", "getv"}) {
    EXPECT_NE(M->getNamedValue(N), nullptr) << N;
    EXPECT_TRUE(wasSkipped(R, N)) << N;
    EXPECT_EQ(M->getNamedValue(N)->getComdat()->getName(), "v") << N;
  }
  expectVerifies(*M);
}

TEST(Rename, ComdatWithAliasThatKeepsItsNameIsSkipped) {
  // @f is the only object of its comdat, but the alias @g is in the comdat
  // too (through its aliasee) and keeps its name: so must @f.
  const char *IR = R"(
$f = comdat any
define linkonce_odr i32 @f() comdat {
  ret i32 1
}
@g = alias i32 (), ptr @f
define linkonce_odr i32 @free() {
  ret i32 0
}
)";
  LLVMContext Ctx;
  std::unique_ptr<Module> M = parse(Ctx, IR);
  ASSERT_TRUE(M);
  RenameResult R;
  auto Map = rename(*M, opts(RenameMode::Hash), &R);
  EXPECT_EQ(Map.size(), 1u);
  EXPECT_TRUE(Map.count("free"));
  ASSERT_NE(M->getFunction("f"), nullptr);
  EXPECT_TRUE(wasSkipped(R, "f"));
  EXPECT_EQ(M->getFunction("f")->getComdat()->getName(), "f");
  expectVerifies(*M);
}

/// \p Base parsed again with a global that already has the name hash mode
/// would give \p Victim.
std::unique_ptr<Module> withHashNameTaken(LLVMContext &Ctx, const char *Base,
                                          const std::string &Victim) {
  std::unique_ptr<Module> Probe = parse(Ctx, Base);
  if (!Probe)
    return nullptr;
  auto ProbeMap = rename(*Probe, opts(RenameMode::Hash), nullptr);
  if (!ProbeMap.count(Victim))
    return nullptr;
  return parse(Ctx, std::string(Base) + "@\"" + ProbeMap[Victim] +
                        "\" = global i32 0\n");
}

TEST(Rename, ComdatWithTakenNewNameIsSkippedWhole) {
  // First learn the name @b would get, then build a module in which that
  // name is already used: @b keeps its name, and so must @a, which shares
  // its comdat.
  const char *Base = R"(
$a = comdat any
define linkonce_odr i32 @a() comdat {
  ret i32 1
}
define linkonce_odr i32 @b() comdat($a) {
  ret i32 2
}
)";
  LLVMContext Ctx;
  std::unique_ptr<Module> M = withHashNameTaken(Ctx, Base, "b");
  ASSERT_TRUE(M);
  RenameResult R;
  auto Map = rename(*M, opts(RenameMode::Hash), &R);
  EXPECT_TRUE(Map.empty());
  for (const char *N : {"a", "b"}) {
    EXPECT_NE(M->getFunction(N), nullptr) << N;
    EXPECT_TRUE(wasSkipped(R, N)) << N;
    EXPECT_EQ(M->getFunction(N)->getComdat()->getName(), "a") << N;
  }
  expectVerifies(*M);
}

TEST(Rename, SkippedComdatLeavesOthersInModuleOrder) {
  // @x and @y are renamed around a comdat that must keep its names: the
  // result, the metadata map and the module agree, in module order, and
  // the recorded hashes are the content hashes.
  const char *Base = R"(
$a = comdat any
define linkonce_odr i32 @x() {
  ret i32 7
}
define linkonce_odr i32 @a() comdat {
  ret i32 1
}
define linkonce_odr i32 @b() comdat($a) {
  ret i32 2
}
define linkonce_odr i32 @y() {
  ret i32 8
}
)";
  LLVMContext Ctx;
  std::unique_ptr<Module> M = withHashNameTaken(Ctx, Base, "b");
  ASSERT_TRUE(M);
  ContentHashes Hashes = computeContentHashes(*M, defaultRefKind);
  uint64_t HX = Hashes.lookup(M->getFunction("x"));
  uint64_t HY = Hashes.lookup(M->getFunction("y"));
  RenameResult R;
  UniqueLinkonceOptions O = opts(RenameMode::Hash);
  O.MapMetadata = true;
  rename(*M, O, &R);
  ASSERT_EQ(R.Renamed.size(), 2u);
  EXPECT_EQ(R.Renamed[0].OldName, "x");
  EXPECT_EQ(R.Renamed[0].ContentHash, HX);
  EXPECT_EQ(R.Renamed[0].NewName, "x.__ul." + utostr(HX));
  EXPECT_EQ(R.Renamed[1].OldName, "y");
  EXPECT_EQ(R.Renamed[1].ContentHash, HY);
  EXPECT_EQ(R.Renamed[1].NewName, "y.__ul." + utostr(HY));
  NamedMDNode *MD = M->getNamedMetadata("uniqlink.renames");
  ASSERT_NE(MD, nullptr);
  ASSERT_EQ(MD->getNumOperands(), 2u);
  for (unsigned I = 0; I != 2; ++I) {
    EXPECT_EQ(cast<MDString>(MD->getOperand(I)->getOperand(0))->getString(),
              R.Renamed[I].OldName);
    EXPECT_EQ(cast<MDString>(MD->getOperand(I)->getOperand(1))->getString(),
              R.Renamed[I].NewName);
    EXPECT_NE(M->getFunction(R.Renamed[I].NewName), nullptr);
  }
  for (const char *N : {"a", "b"}) {
    EXPECT_NE(M->getFunction(N), nullptr) << N;
    EXPECT_TRUE(wasSkipped(R, N)) << N;
  }
  expectVerifies(*M);
}

//===----------------------------------------------------------------------===//
// The rename map.
//===----------------------------------------------------------------------===//

// Without a RenameResult (what the pass runs) the module ends up the same,
// comdats (named after a member or not) and debug linkage names included,
// and the count is the result's.
TEST(Rename, WithoutResultRenamesTheSame) {
  std::string Input = std::string(Rich) + R"(
$grp = comdat any
define linkonce_odr i32 @k1() comdat($grp) !dbg !5 {
  ret i32 1
}
define linkonce_odr i32 @k2() comdat($grp) {
  ret i32 2
}
!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3}
!0 = distinct !DICompileUnit(language: DW_LANG_C_plus_plus, file: !1, emissionKind: FullDebug)
!1 = !DIFile(filename: "a.cpp", directory: "/")
!3 = !{i32 2, !"Debug Info Version", i32 3}
!5 = distinct !DISubprogram(name: "k1", linkageName: "k1", scope: !1, file: !1, line: 1, type: !6, spFlags: DISPFlagDefinition, unit: !0)
!6 = !DISubroutineType(types: !{})
)";
  for (RenameMode Mode :
       {RenameMode::Hash, RenameMode::UUID, RenameMode::HashAndUUID}) {
    LLVMContext Ctx;
    std::unique_ptr<Module> WithResult = parse(Ctx, Input);
    std::unique_ptr<Module> Without = parse(Ctx, Input);
    ASSERT_TRUE(WithResult && Without);
    UniqueLinkonceOptions O = opts(Mode, "77");
    RenameResult R;
    rename(*WithResult, O, &R);
    Expected<size_t> N = renameLinkonceDefinitions(*Without, O, nullptr);
    if (!N)
      FAIL() << toString(N.takeError());
    EXPECT_EQ(*N, R.Renamed.size());
    EXPECT_GT(*N, 0u);
    std::string Printed = print(*Without);
    EXPECT_EQ(Printed, print(*WithResult));
    EXPECT_TRUE(matches("linkageName: \"k1\\.__ul\\.", Printed)) << Printed;
    EXPECT_TRUE(matches("\\$grp\\.__ul\\.[0-9.]+ = comdat any", Printed))
        << Printed;
    expectVerifies(*Without);
  }
}

TEST(Rename, NamedMetadataMap) {
  LLVMContext Ctx;
  std::unique_ptr<Module> M = parse(Ctx, Rich);
  ASSERT_TRUE(M);
  RenameResult R;
  UniqueLinkonceOptions O = opts(RenameMode::HashAndUUID, "5");
  O.MapMetadata = true;
  auto Map = rename(*M, O, &R);
  NamedMDNode *MD = M->getNamedMetadata("uniqlink.renames");
  ASSERT_NE(MD, nullptr);
  ASSERT_EQ(MD->getNumOperands(), R.Renamed.size());
  for (unsigned I = 0; I != MD->getNumOperands(); ++I) {
    MDNode *Pair = MD->getOperand(I);
    ASSERT_EQ(Pair->getNumOperands(), 2u);
    auto *Old = dyn_cast<MDString>(Pair->getOperand(0));
    auto *New = dyn_cast<MDString>(Pair->getOperand(1));
    ASSERT_TRUE(Old && New);
    EXPECT_EQ(Old->getString(), R.Renamed[I].OldName);
    EXPECT_EQ(New->getString(), R.Renamed[I].NewName);
    EXPECT_NE(M->getNamedValue(New->getString()), nullptr);
  }
  // A second run adds nothing.
  rename(*M, O);
  EXPECT_EQ(MD->getNumOperands(), R.Renamed.size());
}

TEST(Rename, NoMetadataMapByDefault) {
  LLVMContext Ctx;
  std::unique_ptr<Module> M = parse(Ctx, Rich);
  ASSERT_TRUE(M);
  RenameResult R;
  rename(*M, opts(RenameMode::HashAndUUID, "5"), &R);
  ASSERT_FALSE(R.Renamed.empty());
  EXPECT_EQ(M->getNamedMetadata("uniqlink.renames"), nullptr);
  // Each old name is the new one up to its suffix: the hash in decimal
  // (as utostr writes it) and the uuid.
  for (const RenameEntry &E : R.Renamed)
    EXPECT_EQ(E.NewName, E.OldName + ".__ul." + utostr(E.ContentHash) + ".5");
}

TEST(Rename, NoMetadataWhenNothingRenamed) {
  LLVMContext Ctx;
  std::unique_ptr<Module> M =
      parse(Ctx, "define i32 @main() {\n  ret i32 0\n}\n");
  ASSERT_TRUE(M);
  std::string Before = print(*M);
  EXPECT_TRUE(rename(*M, opts(RenameMode::Hash)).empty());
  EXPECT_EQ(M->getNamedMetadata("uniqlink.renames"), nullptr);
  EXPECT_EQ(Before, print(*M));
}

TEST(Rename, MapFileWritten) {
  SmallString<128> Path;
  ASSERT_FALSE(sys::fs::createTemporaryFile("uniqlink-map", "json", Path));
  LLVMContext Ctx;
  std::unique_ptr<Module> M = parse(Ctx, Rich);
  ASSERT_TRUE(M);
  UniqueLinkonceOptions O = opts(RenameMode::HashAndUUID, "99");
  O.MapFile = Path.str().str();
  RenameResult R;
  auto Map = rename(*M, O, &R);
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(Path);
  sys::fs::remove(Path);
  ASSERT_TRUE(static_cast<bool>(Buf));
  Expected<json::Value> J = json::parse((*Buf)->getBuffer());
  ASSERT_TRUE(static_cast<bool>(J)) << toString(J.takeError());
  json::Object *Obj = J->getAsObject();
  ASSERT_NE(Obj, nullptr);
  EXPECT_EQ(compat::toStdOptional(Obj->getString("mode")),
            std::optional<StringRef>("hash+uuid"));
  EXPECT_EQ(compat::toStdOptional(Obj->getString("uuid")),
            std::optional<StringRef>("99"));
  json::Array *Renamed = Obj->getArray("renamed");
  ASSERT_NE(Renamed, nullptr);
  ASSERT_EQ(Renamed->size(), R.Renamed.size());
  for (size_t I = 0; I != Renamed->size(); ++I) {
    json::Object *E = (*Renamed)[I].getAsObject();
    ASSERT_NE(E, nullptr);
    EXPECT_EQ(compat::toStdOptional(E->getString("old")),
              std::optional<StringRef>(R.Renamed[I].OldName));
    EXPECT_EQ(compat::toStdOptional(E->getString("new")),
              std::optional<StringRef>(R.Renamed[I].NewName));
  }
  json::Array *Skipped = Obj->getArray("skipped");
  ASSERT_NE(Skipped, nullptr);
  EXPECT_EQ(Skipped->size(), R.Skipped.size());
}

TEST(Rename, MapFileFailureLeavesModuleUnchanged) {
  LLVMContext Ctx;
  std::unique_ptr<Module> M = parse(Ctx, Rich);
  ASSERT_TRUE(M);
  std::string Before = print(*M);
  UniqueLinkonceOptions O = opts(RenameMode::Hash);
  O.MapFile = "/nonexistent-uniqlink-dir/sub/map.json";
  Expected<RenameResult> R = renameLinkonceDefinitions(*M, O);
  ASSERT_FALSE(static_cast<bool>(R));
  std::string Msg = toString(R.takeError());
  EXPECT_NE(Msg.find("/nonexistent-uniqlink-dir/sub/map.json"),
            std::string::npos)
      << Msg;
  EXPECT_EQ(Before, print(*M));
  EXPECT_EQ(M->getNamedMetadata("uniqlink.renames"), nullptr);
  EXPECT_NE(M->getFunction("f"), nullptr);
}

TEST(Rename, BadUUIDInOptionsIsAnError) {
  // The API can be called without the parser: a non-decimal uuid must be
  // refused, not written into symbol names.
  LLVMContext Ctx;
  std::unique_ptr<Module> M = parse(Ctx, Basic);
  ASSERT_TRUE(M);
  std::string Before = print(*M);
  Expected<RenameResult> R =
      renameLinkonceDefinitions(*M, opts(RenameMode::UUID, "12x"));
  ASSERT_FALSE(static_cast<bool>(R));
  EXPECT_NE(toString(R.takeError()).find("12x"), std::string::npos);
  EXPECT_EQ(Before, print(*M));
}

//===----------------------------------------------------------------------===//
// Debug info and the pass wrapper.
//===----------------------------------------------------------------------===//

TEST(Rename, DISubprogramLinkageNameFollows) {
  const char *IR = R"(
define linkonce_odr i32 @_Z1fi(i32 %x) !dbg !5 {
  ret i32 %x, !dbg !11
}
!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!2, !3}
!0 = distinct !DICompileUnit(language: DW_LANG_C_plus_plus_14, file: !1, producer: "clang", isOptimized: false, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "a.cpp", directory: "/tmp")
!2 = !{i32 7, !"Dwarf Version", i32 5}
!3 = !{i32 2, !"Debug Info Version", i32 3}
!5 = distinct !DISubprogram(name: "f", linkageName: "_Z1fi", scope: !1, file: !1, line: 1, type: !6, scopeLine: 1, spFlags: DISPFlagDefinition, unit: !0)
!6 = !DISubroutineType(types: !7)
!7 = !{!8, !8}
!8 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
!11 = !DILocation(line: 1, column: 1, scope: !5)
)";
  LLVMContext Ctx;
  std::unique_ptr<Module> M = parse(Ctx, IR);
  ASSERT_TRUE(M);
  auto Map = rename(*M, opts(RenameMode::Hash));
  Function *F = M->getFunction(Map["_Z1fi"]);
  ASSERT_NE(F, nullptr);
  ASSERT_NE(F->getSubprogram(), nullptr);
  EXPECT_EQ(F->getSubprogram()->getLinkageName(), F->getName());
  expectVerifies(*M);
}

TEST(Rename, PassWrapper) {
  LLVMContext Ctx;
  std::unique_ptr<Module> M = parse(Ctx, Basic);
  ASSERT_TRUE(M);
  ModuleAnalysisManager MAM;
  UniqueLinkoncePass P(opts(RenameMode::Hash));
  PreservedAnalyses PA = P.run(*M, MAM);
  EXPECT_FALSE(PA.areAllPreserved());
  EXPECT_EQ(M->getFunction("f"), nullptr);
  // Nothing left to do: all analyses preserved.
  EXPECT_TRUE(P.run(*M, MAM).areAllPreserved());
  std::string Pipeline;
  raw_string_ostream OS(Pipeline);
  P.printPipeline(OS, [](StringRef S) { return S; });
  EXPECT_NE(OS.str().find("<mode=hash;linkages=linkonce_odr>"),
            std::string::npos)
      << OS.str();
}

} // namespace
