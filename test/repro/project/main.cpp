// Reproducibility project, main: calls every unit in order (counter() makes
// the order visible) and prints the results.
#include "shapes.h"
#include <cstdio>
int main() {
  int a = unit_a();
  int b = unit_b();
  double c = unit_c();
  std::string d = unit_d();
  std::printf("a=%d b=%d c=%.1f d=%s\n", a, b, c, d.c_str());
  return 0;
}
