/* A C program that finds the uniqlink C API through pkg-config only and
 * prints uniqlinkVersion(); PkgConfig.cmake builds and runs it. */
#include "uniqlink-c/uniqlink.h"
#include <stdio.h>

int main(void) {
  UniqlinkRegistryRef R = uniqlinkRegistryCreate();
  if (!R || uniqlinkRegistryNumObjects(R) != 0)
    return 1;
  uniqlinkRegistryDispose(R);
  printf("%s\n", uniqlinkVersion());
  return 0;
}
