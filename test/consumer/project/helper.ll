; A linkonce_odr helper and its caller, for consumer-plugin-rename.
define linkonce_odr i64 @helper(i64 %x) {
  %r = mul i64 %x, 3
  ret i64 %r
}

define i64 @entry(i64 %x) {
  %r = call i64 @helper(i64 %x)
  ret i64 %r
}
