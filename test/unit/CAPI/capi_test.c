/*===- capi_test.c - Drives the uniqlink C API from plain C99 -------------===*\
|*                                                                            *|
|* What a ctypes/C embedder does: rename the linkonce_odr helpers of a module *|
|* in place and read the map; compile objects (through LLVM-C) and admit them *|
|* into a registry: a different-body duplicate is rejected with a message,    *|
|* an identical one accepted, garbage reported, and removal lets the other    *|
|* body in; renamed names can be trusted by name, colliding definitions left  *|
|* out (AdmitEx), objects checked without recording (Check). Exits nonzero    *|
|* on the first failed expectation.                                           *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/
#include "uniqlink-c/uniqlink.h"

#include "llvm-c/BitWriter.h"
#include "llvm-c/Core.h"
#include "llvm-c/IRReader.h"
#include "llvm-c/Target.h"
#include "llvm-c/TargetMachine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int Failures = 0;

#define EXPECT(Cond)                                                           \
  do {                                                                         \
    if (!(Cond)) {                                                             \
      fprintf(stderr, "%s:%d: expectation failed: %s\n", __FILE__, __LINE__,   \
              #Cond);                                                          \
      ++Failures;                                                              \
    }                                                                          \
  } while (0)

static const char *DemoHelper = "_ZN4demo6helperEl";

/* Format arguments: helper name, factor, entry name, helper name. */
static const char *HelperIR = "define linkonce_odr i64 @%s(i64 %%x) {\n"
                              "  %%r = mul i64 %%x, %d\n"
                              "  ret i64 %%r\n"
                              "}\n"
                              "define i64 @%s(i64 %%x) {\n"
                              "  %%r = call i64 @%s(i64 %%x)\n"
                              "  ret i64 %%r\n"
                              "}\n";

static LLVMModuleRef parseModule(LLVMContextRef Ctx, const char *Helper,
                                 int Factor, const char *Entry) {
  char Text[1024];
  LLVMMemoryBufferRef Buf;
  LLVMModuleRef M = NULL;
  char *Msg = NULL;
  snprintf(Text, sizeof(Text), HelperIR, Helper, Factor, Entry, Helper);
  Buf = LLVMCreateMemoryBufferWithMemoryRangeCopy(Text, strlen(Text), Entry);
  if (LLVMParseIRInContext(Ctx, Buf, &M, &Msg)) {
    fprintf(stderr, "parse error: %s\n", Msg);
    LLVMDisposeMessage(Msg);
    return NULL;
  }
  return M;
}

static void testRename(void) {
  LLVMContextRef Ctx = LLVMContextCreate();
  LLVMModuleRef M = parseModule(Ctx, DemoHelper, 2, "entry_a");
  UniqlinkRenameMapRef Map = NULL;
  char *Err = NULL;
  const char *New;

  EXPECT(M != NULL);
  if (!M)
    return;
  EXPECT(uniqlinkRenameLinkonce(M, "mode=hash", &Map, &Err) == 0);
  EXPECT(Err == NULL);
  EXPECT(uniqlinkRenameMapSize(Map) == 1);
  EXPECT(strcmp(uniqlinkRenameMapOldName(Map, 0), "_ZN4demo6helperEl") == 0);
  New = uniqlinkRenameMapLookup(Map, "_ZN4demo6helperEl");
  EXPECT(New != NULL);
  if (New) {
    EXPECT(strncmp(New, "_ZN4demo6helperEl.__ul.", 23) == 0);
    EXPECT(strcmp(New, uniqlinkRenameMapNewName(Map, 0)) == 0);
    EXPECT(LLVMGetNamedFunction(M, New) != NULL);
  }
  EXPECT(LLVMGetNamedFunction(M, "_ZN4demo6helperEl") == NULL);
  EXPECT(uniqlinkRenameMapHash(Map, 0) != 0);
  EXPECT(uniqlinkRenameMapOldName(Map, 1) == NULL);
  EXPECT(uniqlinkRenameMapLookup(Map, "entry_a") == NULL);
  uniqlinkRenameMapDispose(Map);

  /* Bad options: an error message, the module unchanged. */
  Map = NULL;
  EXPECT(uniqlinkRenameLinkonce(M, "mode=bogus", &Map, &Err) != 0);
  EXPECT(Err != NULL && strlen(Err) > 0);
  EXPECT(Map == NULL);
  uniqlinkDisposeMessage(Err);

  /* No module: an error, no crash. */
  Err = NULL;
  EXPECT(uniqlinkRenameLinkonce(NULL, NULL, NULL, &Err) != 0);
  uniqlinkDisposeMessage(Err);
  uniqlinkRenameMapDispose(NULL);

  LLVMDisposeModule(M);
  LLVMContextDispose(Ctx);
}

/* Planning from the module's bitcode or text names exactly what renaming it
 * in place does, and leaves the caller's module alone. */
static void testPlanMatchesRename(void) {
  LLVMContextRef Ctx = LLVMContextCreate();
  LLVMModuleRef M = parseModule(Ctx, DemoHelper, 3, "entry_b");
  LLVMMemoryBufferRef Bitcode;
  UniqlinkRenameMapRef Planned = NULL, FromText = NULL, Renamed = NULL;
  char *Err = NULL, *Text;

  EXPECT(M != NULL);
  if (!M)
    return;
  Bitcode = LLVMWriteBitcodeToMemoryBuffer(M);
  EXPECT(uniqlinkPlanRenames(LLVMGetBufferStart(Bitcode),
                             LLVMGetBufferSize(Bitcode), "mode=hash", &Planned,
                             &Err) == 0);
  EXPECT(Err == NULL);
  Text = LLVMPrintModuleToString(M);
  EXPECT(uniqlinkPlanRenames(Text, strlen(Text), "mode=hash", &FromText,
                             &Err) == 0);
  LLVMDisposeMessage(Text);
  EXPECT(LLVMGetNamedFunction(M, DemoHelper) != NULL); /* untouched */
  EXPECT(uniqlinkRenameLinkonce(M, "mode=hash", &Renamed, &Err) == 0);
  EXPECT(uniqlinkRenameMapSize(Planned) == 1 &&
         uniqlinkRenameMapSize(FromText) == 1 &&
         uniqlinkRenameMapSize(Renamed) == 1);
  if (uniqlinkRenameMapSize(Planned) == 1 &&
      uniqlinkRenameMapSize(FromText) == 1 &&
      uniqlinkRenameMapSize(Renamed) == 1) {
    EXPECT(strcmp(uniqlinkRenameMapNewName(Planned, 0),
                  uniqlinkRenameMapNewName(Renamed, 0)) == 0);
    EXPECT(strcmp(uniqlinkRenameMapNewName(FromText, 0),
                  uniqlinkRenameMapNewName(Renamed, 0)) == 0);
  }
  uniqlinkRenameMapDispose(Planned);
  uniqlinkRenameMapDispose(FromText);
  uniqlinkRenameMapDispose(Renamed);
  LLVMDisposeMemoryBuffer(Bitcode);
  LLVMDisposeModule(M);
  LLVMContextDispose(Ctx);
}

/* Compiles a module to an object in memory. */
static LLVMMemoryBufferRef compileHelper(LLVMTargetMachineRef TM,
                                         const char *Helper, int Factor,
                                         const char *Entry) {
  LLVMContextRef Ctx = LLVMContextCreate();
  LLVMModuleRef M = parseModule(Ctx, Helper, Factor, Entry);
  LLVMMemoryBufferRef Obj = NULL;
  char *Msg = NULL;
  if (M &&
      LLVMTargetMachineEmitToMemoryBuffer(TM, M, LLVMObjectFile, &Msg, &Obj)) {
    fprintf(stderr, "codegen error: %s\n", Msg);
    LLVMDisposeMessage(Msg);
    Obj = NULL;
  }
  if (M)
    LLVMDisposeModule(M);
  LLVMContextDispose(Ctx);
  return Obj;
}

static LLVMMemoryBufferRef compile(LLVMTargetMachineRef TM, int Factor,
                                   const char *Entry) {
  return compileHelper(TM, DemoHelper, Factor, Entry);
}

/* A target machine for the host, or NULL (counted as a failure). */
static LLVMTargetMachineRef hostTargetMachine(void) {
  char *Triple = LLVMGetDefaultTargetTriple();
  LLVMTargetRef T = NULL;
  LLVMTargetMachineRef TM = NULL;
  char *Msg = NULL;
  if (LLVMGetTargetFromTriple(Triple, &T, &Msg)) {
    fprintf(stderr, "no target: %s\n", Msg);
    LLVMDisposeMessage(Msg);
    ++Failures;
  } else {
    TM = LLVMCreateTargetMachine(T, Triple, "", "", LLVMCodeGenLevelDefault,
                                 LLVMRelocPIC, LLVMCodeModelDefault);
  }
  LLVMDisposeMessage(Triple);
  return TM;
}

static int admit(UniqlinkRegistryRef R, const char *Name,
                 LLVMMemoryBufferRef Obj, UniqlinkObjectHandle *H, char **Err) {
  return uniqlinkRegistryAdmit(R, Name, LLVMGetBufferStart(Obj),
                               LLVMGetBufferSize(Obj), H, Err);
}

static void testRegistry(void) {
  LLVMTargetMachineRef TM;
  LLVMMemoryBufferRef A, B, ASame;
  UniqlinkRegistryRef R;
  UniqlinkObjectHandle HA = 0, HB = 0, HSame = 0;
  char *Err = NULL;
  static const char Garbage[] = "this is not an object file";

  TM = hostTargetMachine();
  if (!TM)
    return;
  A = compile(TM, 2, "entry_a");
  B = compile(TM, 3, "entry_b");
  ASame = compile(TM, 2, "entry_c");
  EXPECT(A && B && ASame);
  if (!A || !B || !ASame)
    return;

  R = uniqlinkRegistryCreate();
  EXPECT(admit(R, "a.o", A, &HA, &Err) == UNIQLINK_ACCEPTED);
  EXPECT(HA != 0 && Err == NULL);

  /* Same helper name, different body: rejected, with a diagnostic. */
  EXPECT(admit(R, "b.o", B, &HB, &Err) == UNIQLINK_REJECTED);
  EXPECT(HB == 0);
  EXPECT(Err != NULL && strstr(Err, "demo::helper") != NULL);
  EXPECT(Err != NULL && strstr(Err, "b.o") != NULL);
  uniqlinkDisposeMessage(Err);
  Err = NULL;

  /* Same body under the same name: a benign duplicate. */
  EXPECT(admit(R, "c.o", ASame, &HSame, &Err) == UNIQLINK_ACCEPTED);
  EXPECT(HSame != 0 && HSame != HA);

  /* Not an object: an error, not a rejection. */
  EXPECT(uniqlinkRegistryAdmit(R, "junk", Garbage, sizeof(Garbage), NULL,
                               &Err) == UNIQLINK_ERROR);
  EXPECT(Err != NULL);
  uniqlinkDisposeMessage(Err);
  Err = NULL;
  EXPECT(uniqlinkRegistryAdmit(NULL, "x", Garbage, 1, NULL, NULL) ==
         UNIQLINK_ERROR);

  /* Unload both owners of the first body: the other body is now welcome. */
  EXPECT(uniqlinkRegistryNumObjects(R) == 2);
  EXPECT(uniqlinkRegistryRemove(R, HA) == 1);
  EXPECT(uniqlinkRegistryRemove(R, HA) == 0);
  EXPECT(admit(R, "b.o", B, &HB, &Err) == UNIQLINK_REJECTED);
  uniqlinkDisposeMessage(Err);
  Err = NULL;
  EXPECT(uniqlinkRegistryRemoveName(R, "c.o") == 1);
  EXPECT(uniqlinkRegistryNumSymbols(R) == 0);
  EXPECT(admit(R, "b.o", B, &HB, &Err) == UNIQLINK_ACCEPTED);
  EXPECT(HB != 0);

  uniqlinkRegistryDispose(R);
  uniqlinkRegistryDispose(NULL);
  LLVMDisposeMemoryBuffer(A);
  LLVMDisposeMemoryBuffer(B);
  LLVMDisposeMemoryBuffer(ASame);
  LLVMDisposeTargetMachine(TM);
}

static int admitEx(UniqlinkRegistryRef R, const char *Name,
                   LLVMMemoryBufferRef Obj, unsigned Flags, char **Err) {
  return uniqlinkRegistryAdmitEx(R, Name, LLVMGetBufferStart(Obj),
                                 LLVMGetBufferSize(Obj), Flags, NULL, Err);
}

/* Two bodies under one already-renamed name (a renamed helper that a JIT
 * optimized again in another module): compared by bytes without the flag,
 * trusted by name with UNIQLINK_ADMIT_TRUST_UNIQUE_NAMES. Names without the
 * suffix are still compared under the flag. */
static void testAdmitTrustUniqueNames(void) {
  static const char *Renamed = "_ZN4demo6helperEl.__ul.42";
  LLVMTargetMachineRef TM;
  LLVMMemoryBufferRef A, B, C, D;
  UniqlinkRegistryRef R;
  char *Err = NULL;

  TM = hostTargetMachine();
  if (!TM)
    return;
  A = compileHelper(TM, Renamed, 2, "entry_a");
  B = compileHelper(TM, Renamed, 3, "entry_b");
  C = compile(TM, 2, "entry_c");
  D = compile(TM, 3, "entry_d");
  EXPECT(A && B && C && D);
  if (!A || !B || !C || !D)
    return;

  R = uniqlinkRegistryCreate();
  EXPECT(admitEx(R, "a.o", A, 0, &Err) == UNIQLINK_ACCEPTED);
  EXPECT(admitEx(R, "b.o", B, 0, &Err) == UNIQLINK_REJECTED);
  EXPECT(Err != NULL && strstr(Err, "b.o") != NULL);
  uniqlinkDisposeMessage(Err);
  Err = NULL;
  uniqlinkRegistryDispose(R);

  R = uniqlinkRegistryCreate();
  EXPECT(admitEx(R, "a.o", A, UNIQLINK_ADMIT_TRUST_UNIQUE_NAMES, &Err) ==
         UNIQLINK_ACCEPTED);
  EXPECT(admitEx(R, "b.o", B, UNIQLINK_ADMIT_TRUST_UNIQUE_NAMES, &Err) ==
         UNIQLINK_ACCEPTED);
  EXPECT(Err == NULL);
  /* Only entry_a and entry_b are recorded. */
  EXPECT(uniqlinkRegistryNumSymbols(R) == 2);
  EXPECT(admitEx(R, "c.o", C, UNIQLINK_ADMIT_TRUST_UNIQUE_NAMES, &Err) ==
         UNIQLINK_ACCEPTED);
  EXPECT(admitEx(R, "d.o", D, UNIQLINK_ADMIT_TRUST_UNIQUE_NAMES, &Err) ==
         UNIQLINK_REJECTED);
  EXPECT(Err != NULL && strstr(Err, "demo::helper") != NULL);
  uniqlinkDisposeMessage(Err);
  uniqlinkRegistryDispose(R);

  LLVMDisposeMemoryBuffer(A);
  LLVMDisposeMemoryBuffer(B);
  LLVMDisposeMemoryBuffer(C);
  LLVMDisposeMemoryBuffer(D);
  LLVMDisposeTargetMachine(TM);
}

/* uniqlinkRegistryCheck records nothing; UNIQLINK_ADMIT_KEEP_LOADED leaves
 * out the colliding helper, admits the rest, and keeps the loaded body. */
static void testCheckAndKeepLoaded(void) {
  LLVMTargetMachineRef TM;
  LLVMMemoryBufferRef C, D, E, F;
  UniqlinkRegistryRef R;
  UniqlinkObjectHandle H = 0;
  char *Err = NULL;

  TM = hostTargetMachine();
  if (!TM)
    return;
  C = compile(TM, 2, "entry_c");
  D = compile(TM, 3, "entry_d");
  E = compile(TM, 2, "entry_e");
  F = compile(TM, 3, "entry_f");
  EXPECT(C && D && E && F);
  if (!C || !D || !E || !F)
    return;

  R = uniqlinkRegistryCreate();
  EXPECT(admitEx(R, "c.o", C, 0, &Err) == UNIQLINK_ACCEPTED);
  EXPECT(uniqlinkRegistryCheck(R, "d.o", LLVMGetBufferStart(D),
                               LLVMGetBufferSize(D), 0,
                               &Err) == UNIQLINK_REJECTED);
  EXPECT(Err != NULL && strstr(Err, "demo::helper") != NULL);
  uniqlinkDisposeMessage(Err);
  Err = NULL;
  EXPECT(uniqlinkRegistryCheck(R, "e.o", LLVMGetBufferStart(E),
                               LLVMGetBufferSize(E), 0,
                               &Err) == UNIQLINK_ACCEPTED);
  EXPECT(Err == NULL);
  EXPECT(uniqlinkRegistryCheck(R, "junk", "x", 1, 0, &Err) == UNIQLINK_ERROR);
  uniqlinkDisposeMessage(Err);
  Err = NULL;
  EXPECT(uniqlinkRegistryNumObjects(R) == 1);

  EXPECT(uniqlinkRegistryAdmitEx(
             R, "d.o", LLVMGetBufferStart(D), LLVMGetBufferSize(D),
             UNIQLINK_ADMIT_KEEP_LOADED, &H, &Err) == UNIQLINK_ACCEPTED);
  EXPECT(H != 0 && Err == NULL);
  /* helper (c.o's body), entry_c, entry_d. */
  EXPECT(uniqlinkRegistryNumSymbols(R) == 3);
  EXPECT(admitEx(R, "f.o", F, 0, &Err) == UNIQLINK_REJECTED);
  EXPECT(Err != NULL && strstr(Err, "c.o") != NULL);
  uniqlinkDisposeMessage(Err);
  uniqlinkRegistryDispose(R);

  LLVMDisposeMemoryBuffer(C);
  LLVMDisposeMemoryBuffer(D);
  LLVMDisposeMemoryBuffer(E);
  LLVMDisposeMemoryBuffer(F);
  LLVMDisposeTargetMachine(TM);
}

int main(void) {
  LLVMInitializeNativeTarget();
  LLVMInitializeNativeAsmPrinter();
  EXPECT(uniqlinkVersion() != NULL && strlen(uniqlinkVersion()) > 0);
  uniqlinkDisposeMessage(NULL);
  testRename();
  testPlanMatchesRename();
  testRegistry();
  testAdmitTrustUniqueNames();
  testCheckAndKeepLoaded();
  if (Failures) {
    fprintf(stderr, "capi_test: %d failure(s)\n", Failures);
    return 1;
  }
  printf("capi_test: all passed\n");
  return 0;
}
