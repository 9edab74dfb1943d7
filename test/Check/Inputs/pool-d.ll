; pool-a.ll's helper at another place: an unrelated function with its own
; constants comes first, so helper's code and its constant sit at other
; offsets of their sections. Still an identical duplicate of pool-a's helper.
define double @before(double %x) {
  %a = fmul double %x, 0x400921FB54442D18
  %b = fadd double %a, 0x4005BF0A8B145769
  ret double %b
}

define linkonce_odr double @helper(double %x) {
  %r = fmul double %x, 0x3FF199999999999A
  ret double %r
}

define double @user_d(double %x) {
  %r = call double @helper(double %x)
  ret double %r
}
