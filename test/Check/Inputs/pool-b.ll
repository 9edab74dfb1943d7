; pool-a.ll with a different constant: same code, same relocations.
define linkonce_odr double @helper(double %x) {
  %r = fmul double %x, 0x3FF4CCCCCCCCCCCD
  ret double %r
}

define double @user_b(double %x) {
  %r = call double @helper(double %x)
  ret double %r
}
