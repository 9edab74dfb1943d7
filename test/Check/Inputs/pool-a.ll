; A linkonce_odr helper whose only reference is to an 8-byte constant-pool
; entry (1.1). pool-b.ll has the same code with a different constant (1.3);
; pool-c.ll is pool-a.ll with a different user (an identical duplicate).
define linkonce_odr double @helper(double %x) {
  %r = fmul double %x, 0x3FF199999999999A
  ret double %r
}

define double @user_a(double %x) {
  %r = call double @helper(double %x)
  ret double %r
}
