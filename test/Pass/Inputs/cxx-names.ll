; Mangled C++ names for the demangling test.
define linkonce_odr i32 @_ZN2ns3addEii(i32 %a, i32 %b) {
  %s = add i32 %a, %b
  ret i32 %s
}
define linkonce_odr void @_ZN2ns3BoxIiE3putEi(ptr %this, i32 %v) {
  store i32 %v, ptr %this
  ret void
}
