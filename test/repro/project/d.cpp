// Reproducibility project, unit d: std::string and __FILE__ through an
// inline function (a path in the object unless -ffile-prefix-map maps it).
#include "shapes.h"
std::string unit_d() {
  Stack<std::string> s;
  s.push("repro:");
  s.push(where());
  return s.sum();
}
