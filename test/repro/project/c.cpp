// Reproducibility project, unit c: another instantiation (Stack<double>).
#include "shapes.h"
double unit_c() {
  Stack<double> s;
  s.push(1.5);
  s.push(square(2));
  return s.sum();
}
