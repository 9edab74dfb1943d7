//===- ContentHashTest.cpp - Pairs of modules for the content hash --------===//
//
// The content hash must name what a definition *does* (issue 2, "Content
// hash"): two definitions get the same hash iff their bodies are the same
// program. Each test builds a pair of modules from IR text that differ in
// exactly one respect and checks that the hash of @f changes (the respect
// matters to the program) or does not (it is an arbitrary name, order,
// unrelated code or debug info). Recursion tests check that cycles hash the
// same whatever order the module lists their members in.
//
//===----------------------------------------------------------------------===//
#include "HashTestUtil.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/InlineAsm.h"

#include <algorithm>
#include <vector>

using namespace llvm;
using namespace uniqlink;
using namespace uniqlink::test;

namespace {

/// A module holding one linkonce_odr @f(i32 %x) with \p Body (the text
/// between the braces) and the top-level lines \p Extra.
std::string fn(StringRef Body, StringRef Extra = "",
               StringRef Sig = "i32 @f(i32 %x)") {
  return (Extra + "\ndefine linkonce_odr " + Sig + " {\n" + Body + "}\n").str();
}

//===----------------------------------------------------------------------===//
// Changes that must change the hash.
//===----------------------------------------------------------------------===//

TEST(ContentHashChanges, Constant) {
  EXPECT_NE(hashOf(fn("  %a = add i32 %x, 1\n  ret i32 %a\n"), "f"),
            hashOf(fn("  %a = add i32 %x, 2\n  ret i32 %a\n"), "f"));
  // Wide integers: a difference in the high word only.
  EXPECT_NE(
      hashOf(fn("  ret i128 18446744073709551616\n", "", "i128 @f()"), "f"),
      hashOf(fn("  ret i128 36893488147419103232\n", "", "i128 @f()"), "f"));
  // Same value, different width.
  EXPECT_NE(hashOf(fn("  ret i32 1\n", "", "i32 @f()"), "f"),
            hashOf(fn("  ret i64 1\n", "", "i64 @f()"), "f"));
}

TEST(ContentHashChanges, PrivateStringContents) {
  const char *Body = "  %r = call i32 @puts(ptr @.str)\n  ret i32 %r\n";
  EXPECT_NE(hashOf(fn(Body, "@.str = private unnamed_addr constant [6 x i8] "
                            "c\"hello\\00\"\ndeclare i32 @puts(ptr)"),
                   "f"),
            hashOf(fn(Body, "@.str = private unnamed_addr constant [6 x i8] "
                            "c\"world\\00\"\ndeclare i32 @puts(ptr)"),
                   "f"));
}

TEST(ContentHashChanges, PrivateGlobalThroughConstantExpr) {
  // The private string is reached through a GEP constant expression.
  const char *Body = "  %r = call i32 @puts(ptr getelementptr inbounds ([6 x "
                     "i8], ptr @.str, i64 0, i64 1))\n  ret i32 %r\n";
  EXPECT_NE(hashOf(fn(Body, "@.str = private unnamed_addr constant [6 x i8] "
                            "c\"hello\\00\"\ndeclare i32 @puts(ptr)"),
                   "f"),
            hashOf(fn(Body, "@.str = private unnamed_addr constant [6 x i8] "
                            "c\"hellO\\00\"\ndeclare i32 @puts(ptr)"),
                   "f"));
}

TEST(ContentHashChanges, FunctionAttribute) {
  const char *Body = "  %a = add i32 %x, 1\n  ret i32 %a\n";
  uint64_t None = hashOf(fn(Body), "f");
  uint64_t NoInline = hashOf(fn(Body, "", "i32 @f(i32 %x) noinline"), "f");
  uint64_t Cold = hashOf(fn(Body, "", "i32 @f(i32 %x) cold"), "f");
  uint64_t Str =
      hashOf(fn(Body, "", "i32 @f(i32 %x) \"target-cpu\"=\"x86-64\""), "f");
  uint64_t Str2 =
      hashOf(fn(Body, "", "i32 @f(i32 %x) \"target-cpu\"=\"skylake\""), "f");
  uint64_t Param = hashOf(fn(Body, "", "i32 @f(i32 noundef %x)"), "f");
  uint64_t Ret = hashOf(fn(Body, "", "signext i32 @f(i32 %x)"), "f");
  std::vector<uint64_t> All = {None, NoInline, Cold, Str, Str2, Param, Ret};
  for (size_t I = 0; I != All.size(); ++I)
    for (size_t J = I + 1; J != All.size(); ++J)
      EXPECT_NE(All[I], All[J]) << "variants " << I << " and " << J;
}

TEST(ContentHashChanges, AttributeGroupVsInline) {
  // The same attributes written inline or through a group are the same.
  const char *Body = "  ret i32 %x\n";
  EXPECT_EQ(
      hashOf(fn(Body, "", "i32 @f(i32 %x) nounwind"), "f"),
      hashOf(fn(Body, "attributes #0 = { nounwind }", "i32 @f(i32 %x) #0"),
             "f"));
}

TEST(ContentHashChanges, CallSiteAttribute) {
  const char *Decl = "declare i32 @g(i32)";
  EXPECT_NE(
      hashOf(fn("  %r = call i32 @g(i32 %x)\n  ret i32 %r\n", Decl), "f"),
      hashOf(fn("  %r = call i32 @g(i32 %x) nounwind\n  ret i32 %r\n", Decl),
             "f"));
}

TEST(ContentHashChanges, WrapFlags) {
  uint64_t Plain = hashOf(fn("  %a = add i32 %x, 1\n  ret i32 %a\n"), "f");
  uint64_t NSW = hashOf(fn("  %a = add nsw i32 %x, 1\n  ret i32 %a\n"), "f");
  uint64_t NUW = hashOf(fn("  %a = add nuw i32 %x, 1\n  ret i32 %a\n"), "f");
  EXPECT_NE(Plain, NSW);
  EXPECT_NE(Plain, NUW);
  EXPECT_NE(NSW, NUW);
  EXPECT_NE(hashOf(fn("  %a = udiv i32 %x, 3\n  ret i32 %a\n"), "f"),
            hashOf(fn("  %a = udiv exact i32 %x, 3\n  ret i32 %a\n"), "f"));
}

TEST(ContentHashChanges, InBounds) {
  const char *Sig = "ptr @f(ptr %p)";
  EXPECT_NE(
      hashOf(fn("  %q = getelementptr i32, ptr %p, i64 1\n  ret ptr %q\n", "",
                Sig),
             "f"),
      hashOf(fn("  %q = getelementptr inbounds i32, ptr %p, i64 1\n  ret ptr "
                "%q\n",
                "", Sig),
             "f"));
}

TEST(ContentHashChanges, Volatile) {
  const char *Sig = "i32 @f(ptr %p)";
  EXPECT_NE(
      hashOf(fn("  %v = load i32, ptr %p, align 4\n  ret i32 %v\n", "", Sig),
             "f"),
      hashOf(fn("  %v = load volatile i32, ptr %p, align 4\n  ret i32 %v\n", "",
                Sig),
             "f"));
  const char *SSig = "void @f(ptr %p)";
  EXPECT_NE(
      hashOf(fn("  store i32 0, ptr %p, align 4\n  ret void\n", "", SSig), "f"),
      hashOf(
          fn("  store volatile i32 0, ptr %p, align 4\n  ret void\n", "", SSig),
          "f"));
}

TEST(ContentHashChanges, AtomicOrdering) {
  const char *Sig = "i32 @f(ptr %p)";
  auto Load = [&](StringRef Ordering) {
    return hashOf(fn(("  %v = load atomic i32, ptr %p " + Ordering +
                      ", align 4\n  ret i32 %v\n")
                         .str(),
                     "", Sig),
                  "f");
  };
  EXPECT_NE(Load("monotonic"), Load("acquire"));
  EXPECT_NE(Load("acquire"), Load("seq_cst"));
  EXPECT_NE(Load("seq_cst"), Load("syncscope(\"singlethread\") seq_cst"));
  auto RMW = [&](StringRef Op, StringRef Ordering) {
    return hashOf(fn(("  %v = atomicrmw " + Op + " ptr %p, i32 1 " + Ordering +
                      ", align 4\n  ret i32 %v\n")
                         .str(),
                     "", Sig),
                  "f");
  };
  EXPECT_NE(RMW("add", "seq_cst"), RMW("add", "monotonic"));
  EXPECT_NE(RMW("add", "seq_cst"), RMW("sub", "seq_cst"));
  auto Fence = [&](StringRef Ordering) {
    return hashOf(
        fn(("  fence " + Ordering + "\n  ret void\n").str(), "", "void @f()"),
        "f");
  };
  EXPECT_NE(Fence("acquire"), Fence("seq_cst"));
}

TEST(ContentHashChanges, Alignment) {
  const char *Sig = "i32 @f(ptr %p)";
  EXPECT_NE(
      hashOf(fn("  %v = load i32, ptr %p, align 4\n  ret i32 %v\n", "", Sig),
             "f"),
      hashOf(fn("  %v = load i32, ptr %p, align 1\n  ret i32 %v\n", "", Sig),
             "f"));
  EXPECT_NE(
      hashOf(fn("  %a = alloca i32, align 4\n  ret i32 0\n", "", "i32 @f()"),
             "f"),
      hashOf(fn("  %a = alloca i32, align 16\n  ret i32 0\n", "", "i32 @f()"),
             "f"));
  // The function's own alignment.
  EXPECT_NE(hashOf(fn("  ret i32 %x\n"), "f"),
            hashOf(fn("  ret i32 %x\n", "", "i32 @f(i32 %x) align 64"), "f"));
}

TEST(ContentHashChanges, Section) {
  EXPECT_NE(
      hashOf(fn("  ret i32 %x\n"), "f"),
      hashOf(fn("  ret i32 %x\n", "", "i32 @f(i32 %x) section \".text.hot\""),
             "f"));
}

TEST(ContentHashChanges, ICmpPredicate) {
  auto Pred = [](StringRef P) {
    return hashOf(fn(("  %c = icmp " + P +
                      " i32 %x, 0\n  %r = zext i1 %c to i32\n  ret i32 %r\n")
                         .str()),
                  "f");
  };
  EXPECT_NE(Pred("slt"), Pred("sle"));
  EXPECT_NE(Pred("slt"), Pred("ult"));
  EXPECT_NE(Pred("eq"), Pred("ne"));
}

TEST(ContentHashChanges, CalleeBody) {
  // f -> g -> h: a change in g changes f (one level), a change in h changes
  // g and f (two levels).
  auto Mod = [](int GConst, int HConst) {
    return "define linkonce_odr i32 @h(i32 %x) {\n  %a = mul i32 %x, " +
           std::to_string(HConst) +
           "\n  ret i32 %a\n}\n"
           "define linkonce_odr i32 @g(i32 %x) {\n  %a = call i32 @h(i32 "
           "%x)\n  %b = add i32 %a, " +
           std::to_string(GConst) +
           "\n  ret i32 %b\n}\n"
           "define linkonce_odr i32 @f(i32 %x) {\n  %a = call i32 @g(i32 "
           "%x)\n  ret i32 %a\n}\n";
  };
  EXPECT_NE(hashOf(Mod(1, 2), "f"), hashOf(Mod(3, 2), "f"));
  EXPECT_NE(hashOf(Mod(1, 2), "f"), hashOf(Mod(1, 5), "f"));
  EXPECT_NE(hashOf(Mod(1, 2), "g"), hashOf(Mod(1, 5), "g"));
  // ...but the callee's hash does not depend on its callers.
  EXPECT_EQ(hashOf(Mod(1, 2), "h"), hashOf(Mod(3, 2), "h"));
}

TEST(ContentHashChanges, CalleeThroughLinkonceConstant) {
  // A linkonce_odr constant (a vtable-like table) holding a function
  // pointer: the table's content includes the callee's content.
  auto Mod = [](int C) {
    return "define linkonce_odr i32 @g() {\n  ret i32 " + std::to_string(C) +
           "\n}\n"
           "@tab = linkonce_odr unnamed_addr constant [1 x ptr] [ptr @g]\n"
           "define linkonce_odr ptr @f() {\n  ret ptr @tab\n}\n";
  };
  EXPECT_NE(hashOf(Mod(1), "tab"), hashOf(Mod(2), "tab"));
  EXPECT_NE(hashOf(Mod(1), "f"), hashOf(Mod(2), "f"));
}

TEST(ContentHashChanges, WhichExternalGlobalIsLoaded) {
  const char *Globals = "@a = external global i32\n@b = external global i32";
  EXPECT_NE(
      hashOf(fn("  %v = load i32, ptr @a\n  ret i32 %v\n", Globals), "f"),
      hashOf(fn("  %v = load i32, ptr @b\n  ret i32 %v\n", Globals), "f"));
  // Which external function is called.
  const char *Fns = "declare void @a()\ndeclare void @b()";
  EXPECT_NE(hashOf(fn("  call void @a()\n  ret i32 0\n", Fns), "f"),
            hashOf(fn("  call void @b()\n  ret i32 0\n", Fns), "f"));
}

TEST(ContentHashChanges, ExternalDefinitionCountsByName) {
  // A strong external definition is bound by name: its body is not part of
  // the hash, its name is.
  auto Mod = [](StringRef GName, int C) {
    return ("define i32 @" + GName + "() {\n  ret i32 " + Twine(C) +
            "\n}\ndefine linkonce_odr i32 @f() {\n  %r = call i32 @" + GName +
            "()\n  ret i32 %r\n}\n")
        .str();
  };
  EXPECT_EQ(hashOf(Mod("g", 1), "f"), hashOf(Mod("g", 2), "f"));
  EXPECT_NE(hashOf(Mod("g", 1), "f"), hashOf(Mod("h", 1), "f"));
}

TEST(ContentHashChanges, FloatBits) {
  const char *Sig = "double @f(double %x)";
  EXPECT_NE(
      hashOf(fn("  %a = fadd double %x, 0.0\n  ret double %a\n", "", Sig), "f"),
      hashOf(fn("  %a = fadd double %x, -0.0\n  ret double %a\n", "", Sig),
             "f"));
  // Two NaNs with different payloads.
  EXPECT_NE(hashOf(fn("  %a = fadd double %x, 0x7FF8000000000000\n  ret double "
                      "%a\n",
                      "", Sig),
                   "f"),
            hashOf(fn("  %a = fadd double %x, 0x7FF8000000000001\n  ret double "
                      "%a\n",
                      "", Sig),
                   "f"));
  // Same bits, different type.
  EXPECT_NE(hashOf(fn("  ret float 1.0\n", "", "float @f()"), "f"),
            hashOf(fn("  ret double 1.0\n", "", "double @f()"), "f"));
}

TEST(ContentHashChanges, InlineAsm) {
  auto Asm = [](StringRef Text, StringRef Constraints) {
    return hashOf(fn(("  call void asm sideeffect \"" + Text + "\", \"" +
                      Constraints + "\"()\n  ret i32 0\n")
                         .str()),
                  "f");
  };
  EXPECT_NE(Asm("nop", ""), Asm("pause", ""));
  EXPECT_NE(Asm("nop", ""), Asm("nop", "~{memory}"));
  EXPECT_NE(Asm("nop", ""),
            hashOf(fn("  call void asm \"nop\", \"\"()\n  ret i32 0\n"), "f"));
}

TEST(ContentHashChanges, NonDebugMetadata) {
  const char *Sig = "i32 @f(ptr %p)";
  auto Range = [&](StringRef Lo, StringRef Hi) {
    return hashOf(fn("  %v = load i32, ptr %p, !range !0\n  ret i32 %v\n",
                     ("!0 = !{i32 " + Lo + ", i32 " + Hi + "}").str(), Sig),
                  "f");
  };
  uint64_t NoRange =
      hashOf(fn("  %v = load i32, ptr %p\n  ret i32 %v\n", "", Sig), "f");
  EXPECT_NE(NoRange, Range("0", "10"));
  EXPECT_NE(Range("0", "10"), Range("0", "11"));
  EXPECT_NE(NoRange,
            hashOf(fn("  %v = load i32, ptr %p, !noundef !{}\n  ret i32 %v\n",
                      "", "i32 @f(ptr %p)"),
                   "f"));
}

TEST(ContentHashChanges, FastMathFlags) {
  const char *Sig = "double @f(double %x)";
  auto FMF = [&](StringRef Flags) {
    return hashOf(fn(("  %a = fmul " + Flags +
                      " double %x, 3.0\n  ret "
                      "double %a\n")
                         .str(),
                     "", Sig),
                  "f");
  };
  EXPECT_NE(FMF(""), FMF("fast"));
  EXPECT_NE(FMF("nnan"), FMF("ninf"));
  EXPECT_NE(FMF("fast"), FMF("reassoc nnan ninf nsz arcp contract"));
}

TEST(ContentHashChanges, InternalCallee) {
  auto Mod = [](int C) {
    return "define internal i32 @h(i32 %x) {\n  %a = add i32 %x, " +
           std::to_string(C) +
           "\n  ret i32 %a\n}\n"
           "define linkonce_odr i32 @f(i32 %x) {\n  %a = call i32 @h(i32 "
           "%x)\n  ret i32 %a\n}\n";
  };
  EXPECT_NE(hashOf(Mod(1), "f"), hashOf(Mod(2), "f"));
}

TEST(ContentHashChanges, CallingConvention) {
  const char *Body = "  ret i32 %x\n";
  EXPECT_NE(hashOf(fn(Body), "f"),
            hashOf(fn(Body, "", "fastcc i32 @f(i32 %x)"), "f"));
  EXPECT_NE(hashOf(fn(Body, "", "coldcc i32 @f(i32 %x)"), "f"),
            hashOf(fn(Body, "", "fastcc i32 @f(i32 %x)"), "f"));
  // At the call site.
  const char *Decl = "declare fastcc i32 @g(i32)";
  EXPECT_NE(
      hashOf(fn("  %r = call i32 @g(i32 %x)\n  ret i32 %r\n", Decl), "f"),
      hashOf(fn("  %r = call fastcc i32 @g(i32 %x)\n  ret i32 %r\n", Decl),
             "f"));
}

TEST(ContentHashChanges, TailCallKind) {
  const char *Decl = "declare i32 @g(i32)";
  EXPECT_NE(
      hashOf(fn("  %r = call i32 @g(i32 %x)\n  ret i32 %r\n", Decl), "f"),
      hashOf(fn("  %r = tail call i32 @g(i32 %x)\n  ret i32 %r\n", Decl), "f"));
}

TEST(ContentHashChanges, GEPSourceType) {
  const char *Sig = "ptr @f(ptr %p)";
  EXPECT_NE(hashOf(fn("  %q = getelementptr i32, ptr %p, i64 1\n  ret ptr %q\n",
                      "", Sig),
                   "f"),
            hashOf(fn("  %q = getelementptr i8, ptr %p, i64 1\n  ret ptr %q\n",
                      "", Sig),
                   "f"));
  // Same byte offset, different source type.
  EXPECT_NE(
      hashOf(fn("  %q = getelementptr [4 x i32], ptr %p, i64 0, i64 1\n  ret "
                "ptr %q\n",
                "", Sig),
             "f"),
      hashOf(fn("  %q = getelementptr [8 x i32], ptr %p, i64 0, i64 1\n  ret "
                "ptr %q\n",
                "", Sig),
             "f"));
}

TEST(ContentHashChanges, SwitchCaseValue) {
  auto Switch = [](int Case) {
    return hashOf(fn("  switch i32 %x, label %d [ i32 " + std::to_string(Case) +
                     ", label %a ]\n"
                     "a:\n  ret i32 1\n"
                     "d:\n  ret i32 0\n"),
                  "f");
  };
  EXPECT_NE(Switch(1), Switch(2));
}

TEST(ContentHashChanges, PhiIncomingBlockOrder) {
  auto Phi = [](StringRef Incoming) {
    return hashOf(fn(("entry:\n  %c = icmp eq i32 %x, 0\n"
                      "  br i1 %c, label %a, label %b\n"
                      "a:\n  br label %j\n"
                      "b:\n  br label %j\n"
                      "j:\n  %p = phi i32 " +
                      Incoming + "\n  ret i32 %p\n")
                         .str()),
                  "f");
  };
  EXPECT_NE(Phi("[ 1, %a ], [ 2, %b ]"), Phi("[ 2, %b ], [ 1, %a ]"));
  // Swapping the values (not the order) is a different program, too.
  EXPECT_NE(Phi("[ 1, %a ], [ 2, %b ]"), Phi("[ 2, %a ], [ 1, %b ]"));
}

TEST(ContentHashChanges, BranchTargets) {
  auto Br = [](StringRef T, StringRef F) {
    return hashOf(fn(("  %c = icmp eq i32 %x, 0\n"
                      "  br i1 %c, label %" +
                      T + ", label %" + F +
                      "\n"
                      "a:\n  ret i32 1\n"
                      "b:\n  ret i32 2\n")
                         .str()),
                  "f");
  };
  EXPECT_NE(Br("a", "b"), Br("b", "a"));
}

TEST(ContentHashChanges, OperandOrder) {
  EXPECT_NE(hashOf(fn("  %a = sub i32 %x, 1\n  ret i32 %a\n"), "f"),
            hashOf(fn("  %a = sub i32 1, %x\n  ret i32 %a\n"), "f"));
}

TEST(ContentHashChanges, Personality) {
  const char *Decls = "declare i32 @p1(...)\ndeclare i32 @p2(...)";
  EXPECT_NE(
      hashOf(fn("  ret i32 %x\n", Decls, "i32 @f(i32 %x) personality ptr @p1"),
             "f"),
      hashOf(fn("  ret i32 %x\n", Decls, "i32 @f(i32 %x) personality ptr @p2"),
             "f"));
}

TEST(ContentHashChanges, ConstantVariableInitializer) {
  EXPECT_NE(
      hashOf("@c = linkonce_odr unnamed_addr constant [2 x i32] [i32 1, i32 "
             "2]\n",
             "c"),
      hashOf("@c = linkonce_odr unnamed_addr constant [2 x i32] [i32 1, i32 "
             "3]\n",
             "c"));
  // A struct initializer vs an array with the same bytes.
  EXPECT_NE(
      hashOf("@c = linkonce_odr unnamed_addr constant { i32, i32 } { i32 1, "
             "i32 2 }\n",
             "c"),
      hashOf("@c = linkonce_odr unnamed_addr constant [2 x i32] [i32 1, i32 "
             "2]\n",
             "c"));
}

//===----------------------------------------------------------------------===//
// Differences that must not change the hash.
//===----------------------------------------------------------------------===//

TEST(ContentHashSame, RenamedLocals) {
  auto Body = [](StringRef X, StringRef A, StringRef B, StringRef E,
                 StringRef L, StringRef R) {
    return ("define linkonce_odr i32 @f(i32 %" + X + ") {\n" + E + ":\n  %" +
            A + " = icmp slt i32 %" + X + ", 0\n  br i1 %" + A + ", label %" +
            L + ", label %" + R + "\n" + L + ":\n  %" + B + " = sub i32 0, %" +
            X + "\n  ret i32 %" + B + "\n" + R + ":\n  ret i32 %" + X + "\n}\n")
        .str();
  };
  uint64_t H = hashOf(Body("x", "c", "n", "entry", "neg", "pos"), "f");
  EXPECT_EQ(H, hashOf(Body("y", "cond", "neg.val", "bb0", "l1", "l2"), "f"));
  // Unnamed (numbered) locals.
  EXPECT_EQ(H, hashOf("define linkonce_odr i32 @f(i32 %0) {\n"
                      "  %2 = icmp slt i32 %0, 0\n"
                      "  br i1 %2, label %3, label %5\n"
                      "3:\n  %4 = sub i32 0, %0\n  ret i32 %4\n"
                      "5:\n  ret i32 %0\n}\n",
                      "f"));
}

TEST(ContentHashSame, ReorderedFunctions) {
  const char *G = "define linkonce_odr i32 @g(i32 %x) {\n  %a = add i32 %x, "
                  "7\n  ret i32 %a\n}\n";
  const char *H = "define internal i32 @h(i32 %x) {\n  %a = mul i32 %x, "
                  "3\n  ret i32 %a\n}\n";
  const char *F = "define linkonce_odr i32 @f(i32 %x) {\n  %a = call i32 "
                  "@g(i32 %x)\n  %b = call i32 @h(i32 %a)\n  ret i32 %b\n}\n";
  const char *S = "@s = private unnamed_addr constant [2 x i8] c\"a\\00\"\n"
                  "define linkonce_odr ptr @k() {\n  ret ptr @s\n}\n";
  std::vector<std::string> Parts = {F, G, H, S};
  std::sort(Parts.begin(), Parts.end());
  uint64_t Expected = 0;
  bool First = true;
  do {
    std::string IR = join(Parts, "");
    uint64_t Got = hashOf(IR, "f");
    if (First)
      Expected = Got;
    else
      EXPECT_EQ(Expected, Got) << IR;
    First = false;
  } while (std::next_permutation(Parts.begin(), Parts.end()));
}

TEST(ContentHashSame, UnrelatedDefinitions) {
  const char *Base = "declare i32 @ext(i32)\n"
                     "define linkonce_odr i32 @f(i32 %x) {\n  %a = call i32 "
                     "@ext(i32 %x)\n  ret i32 %a\n}\n";
  std::string More =
      "@unrelated = global i32 5\n"
      "@.str = private unnamed_addr constant [3 x i8] c\"hi\\00\"\n"
      "define linkonce_odr i32 @other(i32 %x) {\n  ret i32 %x\n}\n"
      "define i32 @strong() {\n  %r = call i32 @f(i32 1)\n  ret i32 %r\n}\n" +
      std::string(Base) + "declare void @another()\n";
  EXPECT_EQ(hashOf(Base, "f"), hashOf(More, "f"));
}

TEST(ContentHashSame, ModuleNameAndSourceFile) {
  const char *Body = "define linkonce_odr i32 @f(i32 %x) {\n  ret i32 %x\n}\n";
  LLVMContext C1, C2;
  std::unique_ptr<Module> M1 =
      parseIR(C1, std::string("source_filename = \"a.cpp\"\n") + Body);
  std::unique_ptr<Module> M2 =
      parseIR(C2, std::string("source_filename = \"dir/b.cpp\"\n") + Body);
  ASSERT_TRUE(M1 && M2);
  M1->setModuleIdentifier("first");
  M2->setModuleIdentifier("/tmp/second.ll");
  EXPECT_EQ(hashOf(*M1, "f"), hashOf(*M2, "f"));
}

/// The -O0-like function `int f(int x) { int y = x + 1; return y; }`, with
/// and without debug info.
const char *const NoDebug = R"(
define linkonce_odr i32 @f(i32 %x) {
entry:
  %x.addr = alloca i32, align 4
  store i32 %x, ptr %x.addr, align 4
  %0 = load i32, ptr %x.addr, align 4
  %add = add nsw i32 %0, 1
  ret i32 %add
}
)";

const char *const DebugMetadata = R"(
!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!2, !3}
!llvm.ident = !{!4}
!0 = distinct !DICompileUnit(language: DW_LANG_C_plus_plus_14, file: !1, producer: "clang", isOptimized: false, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "a.cpp", directory: "/tmp")
!2 = !{i32 7, !"Dwarf Version", i32 5}
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = !{!"clang"}
!5 = distinct !DISubprogram(name: "f", linkageName: "f", scope: !1, file: !1, line: 1, type: !6, scopeLine: 1, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition, unit: !0, retainedNodes: !9)
!6 = !DISubroutineType(types: !7)
!7 = !{!8, !8}
!8 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
!9 = !{}
!10 = !DILocalVariable(name: "x", arg: 1, scope: !5, file: !1, line: 1, type: !8)
!11 = !DILocation(line: 1, column: 11, scope: !5)
!12 = !DILocation(line: 1, column: 20, scope: !5)
!13 = !DILocalVariable(name: "y", scope: !5, file: !1, line: 1, type: !8)
)";

TEST(ContentHashSame, DebugInfoRecords) {
  // LLVM 19's textual form: #dbg_ records.
  if (!compat::HasDebugRecordSyntax)
    GTEST_SKIP() << "this LLVM cannot parse #dbg_ records (LLVM 19+)";
  std::string Debug = std::string(R"(
define linkonce_odr i32 @f(i32 %x) !dbg !5 {
entry:
  %x.addr = alloca i32, align 4
  store i32 %x, ptr %x.addr, align 4
    #dbg_declare(ptr %x.addr, !10, !DIExpression(), !11)
  %0 = load i32, ptr %x.addr, align 4, !dbg !12
  %add = add nsw i32 %0, 1, !dbg !12
    #dbg_value(i32 %add, !13, !DIExpression(), !12)
  ret i32 %add, !dbg !12
}
)") + DebugMetadata;
  EXPECT_EQ(hashOf(NoDebug, "f"), hashOf(Debug, "f"));
}

TEST(ContentHashSame, DebugInfoIntrinsics) {
  // The older form: calls to llvm.dbg.* intrinsics.
  std::string Debug = std::string(R"(
declare void @llvm.dbg.declare(metadata, metadata, metadata)
declare void @llvm.dbg.value(metadata, metadata, metadata)
define linkonce_odr i32 @f(i32 %x) !dbg !5 {
entry:
  %x.addr = alloca i32, align 4
  store i32 %x, ptr %x.addr, align 4
  call void @llvm.dbg.declare(metadata ptr %x.addr, metadata !10, metadata !DIExpression()), !dbg !11
  %0 = load i32, ptr %x.addr, align 4, !dbg !12
  %add = add nsw i32 %0, 1, !dbg !12
  call void @llvm.dbg.value(metadata i32 %add, metadata !13, metadata !DIExpression()), !dbg !12
  ret i32 %add, !dbg !12
}
)") + DebugMetadata;
  EXPECT_EQ(hashOf(NoDebug, "f"), hashOf(Debug, "f"));
}

TEST(ContentHashSame, DebugInfoOnCalleeAndGlobal) {
  // Debug info on a callee and on a private constant does not leak into the
  // caller's hash either.
  const char *Plain = R"(
@.str = private unnamed_addr constant [2 x i8] c"a\00"
define internal ptr @g() {
  ret ptr @.str
}
define linkonce_odr ptr @f() {
  %r = call ptr @g()
  ret ptr %r
}
)";
  std::string Debug = std::string(R"(
@.str = private unnamed_addr constant [2 x i8] c"a\00", !dbg !20
define internal ptr @g() !dbg !5 {
  ret ptr @.str, !dbg !11
}
define linkonce_odr ptr @f() {
  %r = call ptr @g(), !dbg !11
  ret ptr %r
}
!20 = !DIGlobalVariableExpression(var: !21, expr: !DIExpression())
!21 = distinct !DIGlobalVariable(name: ".str", scope: null, file: !1, line: 1, type: !8, isLocal: true, isDefinition: true)
)") + DebugMetadata;
  EXPECT_EQ(hashOf(Plain, "f"), hashOf(Debug, "f"));
}

TEST(ContentHashSame, DebugLocationsInLoopMetadata) {
  // clang puts a loop ID on every C++ loop (llvm.loop.mustprogress); with -g
  // the ID also holds the loop's start and end DILocations. That is debug
  // info too: -g and no -g must give the same hash.
  const char *Loop = R"(
define linkonce_odr i32 @f(i32 %n) {
entry:
  br label %cond
cond:
  %i = phi i32 [ 0, %entry ], [ %inc, %body ]
  %s = phi i32 [ 0, %entry ], [ %add, %body ]
  %c = icmp slt i32 %i, %n
  br i1 %c, label %body, label %end
body:
  %add = add nsw i32 %s, %i
  %inc = add nsw i32 %i, 1
  br label %cond, !llvm.loop !100
end:
  ret i32 %s
}
)";
  std::string Plain = std::string(Loop) +
                      "!100 = distinct !{!100, !101}\n"
                      "!101 = !{!\"llvm.loop.mustprogress\"}\n";
  std::string Debug = std::string(Loop) +
                      "!100 = distinct !{!100, !102, !103, !101}\n"
                      "!101 = !{!\"llvm.loop.mustprogress\"}\n"
                      "!102 = !DILocation(line: 1, column: 31, scope: !5)\n"
                      "!103 = !DILocation(line: 1, column: 60, scope: !5)\n" +
                      DebugMetadata;
  // The function carries its DISubprogram, as under -g.
  Debug.replace(Debug.find("(i32 %n) {"), 10, "(i32 %n) !dbg !5 {");
  EXPECT_EQ(hashOf(Plain, "f"), hashOf(Debug, "f"));
  // The loop metadata itself still counts.
  std::string Other = std::string(Loop) +
                      "!100 = distinct !{!100, !101}\n"
                      "!101 = !{!\"llvm.loop.unroll.disable\"}\n";
  EXPECT_NE(hashOf(Plain, "f"), hashOf(Other, "f"));
}

TEST(ContentHashSame, DebugOnlyLoopID) {
  // Where a loop has no loop ID without -g (a C loop, no mustprogress), -g
  // gives it one holding only its start and end DILocations.
  const char *Loop = R"(
define linkonce_odr void @f(ptr %p) {
entry:
  br label %loop
loop:
  %v = load volatile i32, ptr %p
  %c = icmp eq i32 %v, 0
  br i1 %c, label %loop, label %end%s
end:
  ret void
}
)";
  std::string Plain = Loop, Debug = Loop;
  Plain.replace(Plain.find("%s"), 2, "");
  Debug.replace(Debug.find("%s"), 2, ", !llvm.loop !100");
  Debug.replace(Debug.find("(ptr %p) {"), 10, "(ptr %p) !dbg !5 {");
  Debug += "!100 = distinct !{!100, !102, !103}\n"
           "!102 = !DILocation(line: 1, column: 31, scope: !5)\n"
           "!103 = !DILocation(line: 1, column: 60, scope: !5)\n" +
           std::string(DebugMetadata);
  EXPECT_EQ(hashOf(Plain, "f"), hashOf(Debug, "f"));
}

TEST(ContentHashSame, SharedVersusSeparateLoopIDs) {
  // After inlining one callee twice, without -g both loop copies share the
  // callee's loop ID; with -g each copy gets its own (with its inlinedAt
  // locations). Same program, same hash.
  const char *Loops = R"(
define linkonce_odr void @f(ptr %p) {
entry:
  br label %l1
l1:
  %v = load volatile i32, ptr %p
  %c = icmp eq i32 %v, 0
  br i1 %c, label %l1, label %l2, !llvm.loop !100
l2:
  %w = load volatile i32, ptr %p
  %d = icmp eq i32 %w, 0
  br i1 %d, label %l2, label %end, !llvm.loop !%s
end:
  ret void
}
!100 = distinct !{!100, !101}
!101 = !{!"llvm.loop.mustprogress"}
)";
  std::string Shared = Loops, Separate = Loops;
  Shared.replace(Shared.find("%s"), 2, "100");
  Separate.replace(Separate.find("%s"), 2, "102");
  Separate += "!102 = distinct !{!102, !101}\n";
  EXPECT_EQ(hashOf(Shared, "f"), hashOf(Separate, "f"));
}

TEST(ContentHashSame, PrivateGlobalRenamed) {
  auto Mod = [](StringRef Str) {
    return ("@" + Str +
            " = private unnamed_addr constant [6 x i8] c\"hello\\00\"\n"
            "declare i32 @puts(ptr)\n"
            "define linkonce_odr i32 @f() {\n  %r = call i32 @puts(ptr @" +
            Str + ")\n  ret i32 %r\n}\n")
        .str();
  };
  EXPECT_EQ(hashOf(Mod(".str"), "f"), hashOf(Mod(".str.3"), "f"));
  // Internal functions count by content, too.
  auto Internal = [](StringRef Name) {
    return ("define internal i32 @" + Name +
            "(i32 %x) {\n  ret i32 %x\n}\n"
            "define linkonce_odr i32 @f(i32 %x) {\n  %r = call i32 @" +
            Name + "(i32 %x)\n  ret i32 %r\n}\n")
        .str();
  };
  EXPECT_EQ(hashOf(Internal("helper"), "f"),
            hashOf(Internal("_ZL6helperi.llvm.123"), "f"));
}

TEST(ContentHashSame, OwnName) {
  const char *IR = "define linkonce_odr i32 @f(i32 %x) {\n  %a = add i32 %x, "
                   "1\n  ret i32 %a\n}\n"
                   "define linkonce_odr i32 @_Z3fooi(i32 %x) {\n  %a = add "
                   "i32 %x, 1\n  ret i32 %a\n}\n";
  LLVMContext Ctx;
  std::unique_ptr<Module> M = parseIR(Ctx, IR);
  ASSERT_TRUE(M);
  EXPECT_EQ(hashOf(*M, "f"), hashOf(*M, "_Z3fooi"));
  // And across modules.
  EXPECT_EQ(hashOf(*M, "f"),
            hashOf("define linkonce_odr i32 @g(i32 %x) {\n  %a = add i32 %x, "
                   "1\n  ret i32 %a\n}\n",
                   "g"));
}

TEST(ContentHashSame, RenamedCallee) {
  // A linkonce_odr callee counts by content, so its name does not matter
  // (the pass gives it a content-derived name anyway).
  auto Mod = [](StringRef G) {
    return ("define linkonce_odr i32 @" + G +
            "(i32 %x) {\n  ret i32 %x\n}\n"
            "define linkonce_odr i32 @f(i32 %x) {\n  %r = call i32 @" +
            G + "(i32 %x)\n  ret i32 %r\n}\n")
        .str();
  };
  EXPECT_EQ(hashOf(Mod("g"), "f"), hashOf(Mod("h"), "f"));
}

TEST(ContentHashSame, NamedStructTypeNames) {
  auto Mod = [](StringRef T) {
    return ("%" + T + " = type { i32, i32 }\n" +
            "define linkonce_odr i32 @f(ptr %p) {\n"
            "  %s = alloca %" +
            T + ", align 4\n  %q = getelementptr inbounds %" + T +
            ", ptr %p, i64 0, i32 1\n  %v = load i32, ptr %q\n  ret i32 %v\n"
            "}\n")
        .str();
  };
  EXPECT_EQ(hashOf(Mod("struct.A"), "f"), hashOf(Mod("struct.A.12"), "f"));
  // The same IR parsed twice into one context: the second copy's struct is
  // renamed by the context (%struct.A.0 or similar), the hash is not.
  LLVMContext Ctx;
  std::unique_ptr<Module> M1 = parseIR(Ctx, Mod("struct.A"));
  std::unique_ptr<Module> M2 = parseIR(Ctx, Mod("struct.A"));
  ASSERT_TRUE(M1 && M2);
  EXPECT_EQ(hashOf(*M1, "f"), hashOf(*M2, "f"));
  // But a different layout is a different program.
  EXPECT_NE(hashOf(Mod("struct.A"), "f"),
            hashOf("%struct.A = type { i32, i64 }\n"
                   "define linkonce_odr i32 @f(ptr %p) {\n"
                   "  %s = alloca %struct.A, align 4\n"
                   "  %q = getelementptr inbounds %struct.A, ptr %p, i64 0, "
                   "i32 1\n  %v = load i32, ptr %q\n  ret i32 %v\n}\n",
                   "f"));
}

TEST(ContentHashSame, ProfileMetadata) {
  // Branch weights are profile data, not program meaning.
  const char *Body = "  %c = icmp eq i32 %x, 0\n"
                     "  br i1 %c, label %a, label %b%s\n"
                     "a:\n  ret i32 1\nb:\n  ret i32 2\n";
  std::string Without = Body, With = Body;
  Without.replace(Without.find("%s"), 2, "");
  With.replace(With.find("%s"), 2, ", !prof !0");
  EXPECT_EQ(
      hashOf(fn(Without), "f"),
      hashOf(fn(With, "!0 = !{!\"branch_weights\", i32 1, i32 99}"), "f"));
}

//===----------------------------------------------------------------------===//
// Recursion.
//===----------------------------------------------------------------------===//

/// All orderings of \p Parts joined into modules; returns the hashes of
/// \p Names in each, and checks that every ordering agrees.
std::vector<uint64_t> hashesUnderAllOrders(std::vector<std::string> Parts,
                                           ArrayRef<StringRef> Names) {
  std::sort(Parts.begin(), Parts.end());
  std::vector<uint64_t> Expected;
  do {
    std::string IR = join(Parts, "");
    LLVMContext Ctx;
    std::unique_ptr<Module> M = parseIR(Ctx, IR);
    if (!M)
      return {};
    std::vector<uint64_t> Got;
    for (StringRef N : Names)
      Got.push_back(hashOf(*M, N));
    if (Expected.empty())
      Expected = Got;
    else
      EXPECT_EQ(Expected, Got) << "order-dependent hash for:\n" << IR;
  } while (std::next_permutation(Parts.begin(), Parts.end()));
  return Expected;
}

TEST(ContentHashRecursion, SelfRecursive) {
  auto Fact = [](int Base, StringRef Var) {
    return ("define linkonce_odr i32 @fact(i32 %" + Var +
            ") {\nentry:\n  %c = icmp sle i32 %" + Var +
            ", 1\n  br i1 %c, label %done, label %rec\n"
            "rec:\n  %m = sub i32 %" +
            Var + ", 1\n  %r = call i32 @fact(i32 %m)\n  %p = mul i32 %r, %" +
            Var + "\n  ret i32 %p\ndone:\n  ret i32 " + Twine(Base) + "\n}\n")
        .str();
  };
  const char *Other = "define linkonce_odr i32 @other() {\n  ret i32 0\n}\n";
  uint64_t H = hashOf(Fact(1, "n"), "fact");
  EXPECT_EQ(H, hashOf(Fact(1, "k"), "fact"));
  EXPECT_EQ(H, hashOf(Other + Fact(1, "n"), "fact"));
  EXPECT_EQ(H, hashOf(Fact(1, "n") + Other, "fact"));
  EXPECT_NE(H, hashOf(Fact(2, "n"), "fact"));
  // Same body under another name (the recursive call follows the name).
  std::string Renamed = Fact(1, "n");
  for (size_t Pos = 0; (Pos = Renamed.find("@fact", Pos)) != std::string::npos;
       Pos += 6)
    Renamed.replace(Pos, 5, "@fact2");
  EXPECT_EQ(H, hashOf(Renamed, "fact2"));
}

/// A member of a call cycle: @Name(i32 %x) adds \p C and calls \p Callee
/// while %x is positive.
std::string cycleMember(StringRef Name, StringRef Callee, int C,
                        StringRef Linkage = "linkonce_odr") {
  return ("define " + Linkage + " i32 @" + Name +
          "(i32 %x) {\nentry:\n  %c = icmp sgt i32 %x, 0\n"
          "  br i1 %c, label %rec, label %done\n"
          "rec:\n  %y = sub i32 %x, 1\n  %r = call i32 @" +
          Callee + "(i32 %y)\n  %s = add i32 %r, " + Twine(C) +
          "\n  ret i32 %s\ndone:\n  ret i32 0\n}\n")
      .str();
}

TEST(ContentHashRecursion, MutualRecursionStableUnderOrder) {
  const char *Unrelated = "define linkonce_odr i32 @u() {\n  ret i32 3\n}\n";
  std::vector<uint64_t> H = hashesUnderAllOrders(
      {cycleMember("f", "g", 1), cycleMember("g", "f", 2), Unrelated},
      {"f", "g"});
  ASSERT_EQ(H.size(), 2u);
  EXPECT_NE(H[0], H[1]);
  // One member's body changes: both hashes change.
  std::vector<uint64_t> H2 = hashesUnderAllOrders(
      {cycleMember("f", "g", 1), cycleMember("g", "f", 5), Unrelated},
      {"f", "g"});
  ASSERT_EQ(H2.size(), 2u);
  EXPECT_NE(H[0], H2[0]);
  EXPECT_NE(H[1], H2[1]);
}

TEST(ContentHashRecursion, ThreeCycleStableUnderOrder) {
  std::vector<uint64_t> H =
      hashesUnderAllOrders({cycleMember("f", "g", 1), cycleMember("g", "h", 2),
                            cycleMember("h", "f", 3)},
                           {"f", "g", "h"});
  ASSERT_EQ(H.size(), 3u);
  EXPECT_NE(H[0], H[1]);
  EXPECT_NE(H[1], H[2]);
  EXPECT_NE(H[0], H[2]);
  std::vector<uint64_t> H2 =
      hashesUnderAllOrders({cycleMember("f", "g", 1), cycleMember("g", "h", 2),
                            cycleMember("h", "f", 4)},
                           {"f", "g", "h"});
  ASSERT_EQ(H2.size(), 3u);
  for (unsigned I = 0; I != 3; ++I)
    EXPECT_NE(H[I], H2[I]) << "member " << I;
  // Renaming the members (names are not content) changes nothing.
  std::vector<uint64_t> H3 =
      hashesUnderAllOrders({cycleMember("a", "b", 1), cycleMember("b", "c", 2),
                            cycleMember("c", "a", 3)},
                           {"a", "b", "c"});
  EXPECT_EQ(H, H3);
}

TEST(ContentHashRecursion, CycleThroughInternalFunction) {
  // linkonce_odr f -> internal g -> f: the internal member's name is
  // arbitrary and its body counts.
  std::vector<uint64_t> H = hashesUnderAllOrders(
      {cycleMember("f", "g", 1), cycleMember("g", "f", 2, "internal")}, {"f"});
  std::vector<uint64_t> HRenamed = hashesUnderAllOrders(
      {cycleMember("f", "g.1", 1), cycleMember("g.1", "f", 2, "internal")},
      {"f"});
  std::vector<uint64_t> HChanged = hashesUnderAllOrders(
      {cycleMember("f", "g", 1), cycleMember("g", "f", 9, "internal")}, {"f"});
  EXPECT_EQ(H, HRenamed);
  EXPECT_NE(H, HChanged);
}

TEST(ContentHashRecursion, CallerOfCycle) {
  // A caller outside the cycle sees the cycle's change.
  const char *Caller = "define linkonce_odr i32 @main_(i32 %x) {\n  %r = call "
                       "i32 @f(i32 %x)\n  ret i32 %r\n}\n";
  std::vector<uint64_t> H = hashesUnderAllOrders(
      {Caller, cycleMember("f", "g", 1), cycleMember("g", "f", 2)}, {"main_"});
  std::vector<uint64_t> H2 = hashesUnderAllOrders(
      {Caller, cycleMember("f", "g", 1), cycleMember("g", "f", 3)}, {"main_"});
  EXPECT_NE(H, H2);
}

TEST(ContentHashRecursion, IsomorphicCyclesDiffer) {
  // Two cycles of the same shape in one module, one constant apart.
  LLVMContext Ctx;
  std::unique_ptr<Module> M =
      parseIR(Ctx, cycleMember("f1", "g1", 1) + cycleMember("g1", "f1", 2) +
                       cycleMember("f2", "g2", 1) + cycleMember("g2", "f2", 3));
  ASSERT_TRUE(M);
  EXPECT_NE(hashOf(*M, "f1"), hashOf(*M, "f2"));
  EXPECT_NE(hashOf(*M, "g1"), hashOf(*M, "g2"));
  // And two identical cycles under different names hash the same.
  std::unique_ptr<Module> M2 =
      parseIR(Ctx, cycleMember("f1", "g1", 1) + cycleMember("g1", "f1", 2) +
                       cycleMember("f2", "g2", 1) + cycleMember("g2", "f2", 2));
  ASSERT_TRUE(M2);
  EXPECT_EQ(hashOf(*M2, "f1"), hashOf(*M2, "f2"));
  EXPECT_EQ(hashOf(*M2, "g1"), hashOf(*M2, "g2"));
}

TEST(ContentHashRecursion, CycleShapeMatters) {
  // f -> g -> f versus f -> g -> g (g self-recursive) with the same bodies
  // otherwise: different programs.
  uint64_t Mutual =
      hashOf(cycleMember("f", "g", 1) + cycleMember("g", "f", 2), "f");
  uint64_t SelfLoop =
      hashOf(cycleMember("f", "g", 1) + cycleMember("g", "g", 2), "f");
  EXPECT_NE(Mutual, SelfLoop);
  // A 2-cycle of identical members versus one self-recursive function with
  // the same body: the same program (each call does the same thing), but
  // the hash need only be deterministic here; check both are stable.
  uint64_t Pair =
      hashOf(cycleMember("f", "g", 1) + cycleMember("g", "f", 1), "f");
  EXPECT_EQ(Pair,
            hashOf(cycleMember("g", "f", 1) + cycleMember("f", "g", 1), "f"));
}

TEST(ContentHashOptions, InlineAsmOfEveryHashedBody) {
  // The root f reaches the internal g; nothing reaches h. OnInlineAsm is
  // told the asm of f and g, once per use, and not h's (the pass walks the
  // bodies the hashing did not reach itself).
  const char *IR = R"(
define internal void @g() {
  call void asm sideeffect "g1", ""()
  call void asm sideeffect "g1", ""()
  ret void
}
define linkonce_odr void @f() {
  call void asm sideeffect "f1", ""()
  call void @g()
  ret void
}
define void @h() {
  call void asm sideeffect "h1", ""()
  ret void
}
)";
  LLVMContext Ctx;
  std::unique_ptr<Module> M = parseIR(Ctx, IR);
  ASSERT_TRUE(M);
  std::vector<std::string> Seen;
  auto OnAsm = [&](const InlineAsm &IA) {
    Seen.push_back(std::string(IA.getAsmString()));
  };
  HashOptions Opts;
  Opts.OnInlineAsm = OnAsm;
  const GlobalValue *Root = M->getFunction("f");
  SmallVector<uint64_t, 0> Hashes =
      computeRootHashes(*M, defaultRefKind, Root, Opts);
  llvm::sort(Seen);
  EXPECT_EQ(Seen, (std::vector<std::string>{"f1", "g1", "g1"}));
  // Asking for the asm changes no hash.
  EXPECT_EQ(Hashes, computeRootHashes(*M, defaultRefKind, Root));
}

} // namespace
