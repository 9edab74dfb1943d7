// Inline functions, class templates and a static local shared by every
// translation unit of the reproducibility project: each one is a linkonce_odr
// definition that unique-linkonce renames.
#ifndef REPRO_SHAPES_H
#define REPRO_SHAPES_H
#include <string>
#include <vector>

template <typename T> struct Stack {
  std::vector<T> items;
  void push(T v) { items.push_back(v); }
  __attribute__((noinline)) T sum() const {
    T s{};
    for (const T &v : items)
      s += v;
    return s;
  }
};

__attribute__((noinline)) inline int square(int x) { return x * x; }
inline const char *where() { return __FILE__; }
__attribute__((noinline)) inline int counter() {
  static int n = 0;
  return ++n;
}
template <typename F> __attribute__((noinline)) int apply_twice(F f, int x) {
  return f(f(x));
}

// A class without a key function: its vtable and virtual functions are
// linkonce_odr in every unit that uses them.
struct Shape {
  virtual ~Shape() = default;
  virtual int area() const { return 0; }
};
struct Square : Shape {
  int side;
  explicit Square(int s) : side(s) {}
  int area() const override { return square(side); }
};
__attribute__((noinline)) inline int area_of(const Shape &s) {
  return s.area();
}

int unit_a();
int unit_b();
double unit_c();
std::string unit_d();
#endif
