; mangled-1.ll with a different body for the same template instance.
define linkonce_odr i32 @_ZN2ns5twiceIiEEii(i32 %x) {
  %r = mul i32 %x, 3
  ret i32 %r
}
