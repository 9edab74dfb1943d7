// Reproducibility project, unit a: ints through Stack<int> and a lambda.
#include "shapes.h"
int unit_a() {
  Stack<int> s;
  for (int i = 1; i <= 4; ++i)
    s.push(square(i));
  return apply_twice([](int v) { return v + 1; }, s.sum()) + counter() +
         area_of(Square(3));
}
