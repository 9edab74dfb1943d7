/*===- standalone_test.c - libuniqlink-c-standalone.so from plain C -------===*\
|*                                                                            *|
|* Linked against nothing but libuniqlink-c-standalone.so (no LLVM): the      *|
|* library is complete on its own. Plans the renames of a module given as     *|
|* text (the same name twice, a different body a different name), reports    *|
|* unreadable bitcode and text as errors naming its LLVM, and its registry    *|
|* admits and refuses as the shared build's does. Exits nonzero on the first  *|
|* failed expectation.                                                        *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/
#include "uniqlink-c/uniqlink.h"

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

/* Format argument: the factor of the helper's body. */
static const char *ModuleIR = "define linkonce_odr i64 @helper(i64 %%x) {\n"
                              "  %%r = mul i64 %%x, %d\n"
                              "  ret i64 %%r\n"
                              "}\n"
                              "define i64 @entry(i64 %%x) {\n"
                              "  %%r = call i64 @helper(i64 %%x)\n"
                              "  ret i64 %%r\n"
                              "}\n";

/* The planned new name of @helper for the given body, malloc'ed. */
static char *plannedName(int Factor) {
  char Text[512];
  UniqlinkRenameMapRef Map = NULL;
  char *Err = NULL, *Name = NULL;
  snprintf(Text, sizeof(Text), ModuleIR, Factor);
  EXPECT(uniqlinkPlanRenames(Text, strlen(Text), "mode=hash", &Map, &Err) == 0);
  EXPECT(Err == NULL);
  EXPECT(uniqlinkRenameMapSize(Map) == 1);
  if (uniqlinkRenameMapSize(Map) == 1) {
    EXPECT(strcmp(uniqlinkRenameMapOldName(Map, 0), "helper") == 0);
    EXPECT(strncmp(uniqlinkRenameMapNewName(Map, 0), "helper.__ul.", 12) == 0);
    Name = malloc(strlen(uniqlinkRenameMapNewName(Map, 0)) + 1);
    strcpy(Name, uniqlinkRenameMapNewName(Map, 0));
  }
  EXPECT(uniqlinkRenameMapLookup(Map, "entry") == NULL);
  uniqlinkRenameMapDispose(Map);
  uniqlinkDisposeMessage(Err);
  return Name;
}

static void testPlan(void) {
  char *Two = plannedName(2), *TwoAgain = plannedName(2),
       *Three = plannedName(3);
  EXPECT(Two && TwoAgain && Three);
  if (Two && TwoAgain && Three) {
    EXPECT(strcmp(Two, TwoAgain) == 0);
    EXPECT(strcmp(Two, Three) != 0);
  }
  free(Two);
  free(TwoAgain);
  free(Three);
}

static void expectUnreadable(const char *Data, size_t Size, const char *Form) {
  UniqlinkRenameMapRef Map = NULL;
  char *Err = NULL;
  EXPECT(uniqlinkPlanRenames(Data, Size, NULL, &Map, &Err) != 0);
  EXPECT(Map == NULL);
  EXPECT(Err != NULL && strstr(Err, Form) != NULL &&
         strstr(Err, "with LLVM ") != NULL);
  if (Err)
    fprintf(stderr, "  (as expected) %s\n", Err);
  uniqlinkDisposeMessage(Err);
}

static void testUnreadable(void) {
  static const char Bitcode[] = "BC\xc0\xde\x35\x14\x00\x00\x05\x00\x00\x00";
  static const char Broken[] = "define i64 @f() {\n  ret i32 0\n}\n";
  expectUnreadable(Bitcode, sizeof(Bitcode) - 1, "bitcode");
  expectUnreadable("define i64 @f( {", 16, "textual IR");
  expectUnreadable(Broken, strlen(Broken), "textual IR");
}

static void testRegistry(void) {
  UniqlinkRegistryRef R = uniqlinkRegistryCreate();
  UniqlinkObjectHandle H = 0;
  char *Err = NULL;
  EXPECT(uniqlinkRegistryAdmit(R, "junk", "not an object", 13, &H, &Err) ==
         UNIQLINK_ERROR);
  EXPECT(H == 0 && Err != NULL);
  uniqlinkDisposeMessage(Err);
  EXPECT(uniqlinkRegistryNumObjects(R) == 0);
  uniqlinkRegistryDispose(R);
}

int main(void) {
  const char *Version = uniqlinkVersion();
  EXPECT(Version != NULL && strstr(Version, "(LLVM ") != NULL);
  testPlan();
  testUnreadable();
  testRegistry();
  if (Failures)
    fprintf(stderr, "%d expectation(s) failed\n", Failures);
  else
    printf("standalone C API: all expectations met (%s)\n", Version);
  return Failures ? 1 : 0;
}
