; A C++ template instance (linkonce_odr); mangled-2.ll has another body.
define linkonce_odr i32 @_ZN2ns5twiceIiEEii(i32 %x) {
  %r = mul i32 %x, 2
  ret i32 %r
}
