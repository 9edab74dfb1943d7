// Reproducibility project, unit b: the same inline functions as unit a, so
// hash mode gives them the same names in both objects.
#include "shapes.h"
int unit_b() {
  Stack<int> s;
  s.push(square(5));
  s.push(counter());
  return apply_twice([](int v) { return v * 2; }, s.sum()) + area_of(Square(4));
}
