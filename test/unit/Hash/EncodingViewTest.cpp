//===- EncodingViewTest.cpp - Hashing through an EncodingView -------------===//
//
// A view must change exactly what it says: through a view that changes
// nothing, every hash is the plain one; through a view that leaves out some
// instructions, blocks, attributes or metadata, a definition hashes as the
// module rewritten that way does; and a separate classifier for references
// hashes the roots while counting references to them by name.
//
//===----------------------------------------------------------------------===//
#include "HashTestUtil.h"

#include "uniqlink/Hash/EncodingView.h"

#include "llvm/IR/Function.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;
using namespace uniqlink;
using namespace uniqlink::test;

namespace {

/// Configurable view over a module as written.
class TestView : public EncodingView {
public:
  bool DropFunctionAttrs = false;
  bool DropCallAttrs = false;
  bool DropPersonality = false;
  bool KeepMetadata = true;
  /// Calls to this function are left out.
  StringRef SkippedCallee;
  /// Blocks of this name are left out (their predecessors go to the
  /// block's single successor).
  StringRef SkippedBlock;

  const Function &bodyOf(const Function &F) override { return F; }
  AttributeList functionAttributes(const Function &F) override {
    return DropFunctionAttrs
               ? F.getAttributes().removeFnAttributes(F.getContext())
               : F.getAttributes();
  }
  AttributeList callAttributes(const CallBase &CB) override {
    return DropCallAttrs
               ? CB.getAttributes().removeFnAttributes(CB.getContext())
               : CB.getAttributes();
  }
  bool keepsPersonality(const Function &) override { return !DropPersonality; }
  bool keepsInstructionMetadata() const override { return KeepMetadata; }
  bool skips(const Instruction &I) override {
    const auto *CB = dyn_cast<CallBase>(&I);
    return CB && CB->getCalledFunction() && !SkippedCallee.empty() &&
           CB->getCalledFunction()->getName() == SkippedCallee;
  }
  const BasicBlock *blockFor(const BasicBlock &BB) override {
    if (SkippedBlock.empty() || BB.getName() != SkippedBlock)
      return &BB;
    return BB.getSingleSuccessor();
  }
};

ContentHashes hashAll(const Module &M, EncodingView *View,
                      RefClassifier References = nullptr) {
  std::vector<const GlobalValue *> Roots;
  for (const GlobalValue &GV : M.global_values())
    Roots.push_back(&GV);
  HashOptions Opts;
  Opts.View = View;
  Opts.References = References;
  return computeContentHashes(M, defaultRefKind, Roots, Opts);
}

uint64_t hashThrough(const Module &M, StringRef Name, EncodingView *View,
                     RefClassifier References = nullptr) {
  ContentHashes H = hashAll(M, View, References);
  auto It = H.find(M.getNamedValue(Name));
  EXPECT_NE(It, H.end()) << Name.str() << " has no hash";
  return It == H.end() ? 0 : It->second;
}

const char *const Written = R"(
declare void @marker(ptr)
declare void @ext() 
declare i32 @__gxx_personality_v0(...)
define linkonce_odr i32 @callee(i32 %x) #0 {
  %y = add i32 %x, 1
  ret i32 %y
}
define linkonce_odr i32 @f(i32 %x) #0 personality ptr @__gxx_personality_v0 {
entry:
  %a = alloca i32
  call void @marker(ptr %a)
  store i32 %x, ptr %a, !tbaa !0
  %c = icmp eq i32 %x, 0
  br i1 %c, label %empty, label %body
empty:
  br label %exit
body:
  %r = call i32 @callee(i32 %x) #1
  call void @marker(ptr %a)
  br label %exit
exit:
  %v = load i32, ptr %a
  ret i32 %v
}
attributes #0 = { noinline "frame-pointer"="all" }
attributes #1 = { nounwind }
!0 = !{!1, !1, i64 0}
!1 = !{!"int", !2, i64 0}
!2 = !{!"root"}
)";

// @f of Written with everything the view leaves out really gone.
const char *const Rewritten = R"(
declare void @marker(ptr)
declare void @ext()
declare i32 @__gxx_personality_v0(...)
define linkonce_odr i32 @callee(i32 %x) {
  %y = add i32 %x, 1
  ret i32 %y
}
define linkonce_odr i32 @f(i32 %x) {
entry:
  %a = alloca i32
  store i32 %x, ptr %a
  %c = icmp eq i32 %x, 0
  br i1 %c, label %exit, label %body
body:
  %r = call i32 @callee(i32 %x)
  br label %exit
exit:
  %v = load i32, ptr %a
  ret i32 %v
}
)";

TEST(EncodingView, ChangingNothingChangesNoHash) {
  LLVMContext Ctx;
  auto M = parseIR(Ctx, Written);
  ASSERT_TRUE(M);
  TestView Identity;
  ContentHashes Plain = hashAll(*M, nullptr);
  ContentHashes Viewed = hashAll(*M, &Identity);
  ASSERT_EQ(Plain.size(), Viewed.size());
  for (auto [GV, H] : Plain)
    EXPECT_EQ(Viewed.lookup(GV), H) << GV->getName().str();
}

TEST(EncodingView, LeftOutIsAsIfRemoved) {
  LLVMContext Ctx;
  auto M = parseIR(Ctx, Written);
  auto R = parseIR(Ctx, Rewritten);
  ASSERT_TRUE(M && R);
  TestView View;
  View.DropFunctionAttrs = View.DropCallAttrs = View.DropPersonality = true;
  View.KeepMetadata = false;
  View.SkippedCallee = "marker";
  View.SkippedBlock = "empty";
  EXPECT_EQ(hashThrough(*M, "f", &View), hashThrough(*R, "f", nullptr));
  EXPECT_EQ(hashThrough(*M, "callee", &View),
            hashThrough(*R, "callee", nullptr));
}

TEST(EncodingView, EachLeftOutPartMatters) {
  LLVMContext Ctx;
  auto M = parseIR(Ctx, Written);
  auto R = parseIR(Ctx, Rewritten);
  ASSERT_TRUE(M && R);
  uint64_t Want = hashThrough(*R, "f", nullptr);
  // Each part kept alone makes @f differ from the rewritten module.
  for (int Kept = 0; Kept != 6; ++Kept) {
    TestView View;
    View.DropFunctionAttrs = Kept != 0;
    View.DropCallAttrs = Kept != 1;
    View.DropPersonality = Kept != 2;
    View.KeepMetadata = Kept == 3;
    View.SkippedCallee = Kept == 4 ? "" : "marker";
    View.SkippedBlock = Kept == 5 ? "" : "empty";
    EXPECT_NE(hashThrough(*M, "f", &View), Want) << "part " << Kept;
  }
}

TEST(EncodingView, ReferencesByNameStillHashTheRoots) {
  // @f calls @callee: with references to linkonce_odr definitions counted
  // by name, @f's hash follows @callee's name, not its body, while @callee
  // itself is still hashed.
  LLVMContext Ctx;
  auto M = parseIR(Ctx, Written);
  auto Other = parseIR(Ctx, StringRef(Written).str() + "\n");
  ASSERT_TRUE(M && Other);
  cast<BinaryOperator>(&*Other->getFunction("callee")->front().begin())
      ->setOperand(1, ConstantInt::get(Type::getInt32Ty(Ctx), 2));
  auto ByName = [](const GlobalValue &GV) {
    return GV.hasLinkOnceODRLinkage() ? RefKind::ByName : defaultRefKind(GV);
  };
  EXPECT_NE(hashThrough(*M, "callee", nullptr, ByName),
            hashThrough(*Other, "callee", nullptr, ByName));
  EXPECT_EQ(hashThrough(*M, "f", nullptr, ByName),
            hashThrough(*Other, "f", nullptr, ByName));
  // By content (no separate classifier) the callee's body counts.
  EXPECT_NE(hashThrough(*M, "f", nullptr), hashThrough(*Other, "f", nullptr));
}

} // namespace
