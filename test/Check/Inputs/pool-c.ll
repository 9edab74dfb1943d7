; pool-a.ll with a different user: helper is an identical duplicate.
define linkonce_odr double @helper(double %x) {
  %r = fmul double %x, 0x3FF199999999999A
  ret double %r
}

define double @user_c(double %x) {
  %r = call double @helper(double %x)
  ret double %r
}
