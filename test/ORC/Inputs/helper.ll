; Input of capi-ctypes.test: an entry calling a linkonce_odr helper whose
; body is chosen with sed (FACTOR) and whose entry name too (ENTRY).
define linkonce_odr i64 @_ZN4demo6helperEl(i64 %x) {
  %r = mul i64 %x, FACTOR
  ret i64 %r
}

define i64 @ENTRY(i64 %x) {
  %r = call i64 @_ZN4demo6helperEl(i64 %x)
  ret i64 %r
}
