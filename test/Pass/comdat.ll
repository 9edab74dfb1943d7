; Comdats are renamed as a unit: a comdat named after its key follows the key,
; a comdat named otherwise (clang's C5 constructor groups) gets a hash of its
; members, selection kinds are kept, and a comdat that contains a member that
; must keep its name keeps all its members' names.
; RUN: opt %loadplugin -passes='unique-linkonce<mode=hash>' -S %s | FileCheck %s

; CHECK-DAG: $_Z3keyv.__ul.[[KEY:[0-9]+]] = comdat any
; CHECK-DAG: $_ZN1SC5Ev.__ul.{{[0-9]+}} = comdat any
; CHECK-DAG: $_Z6nodupv.__ul.{{[0-9]+}} = comdat nodeduplicate
; CHECK-DAG: $_Z5mixedv = comdat any
$_Z3keyv = comdat any
$_ZN1SC5Ev = comdat any
$_Z6nodupv = comdat nodeduplicate
$_Z5mixedv = comdat any

; CHECK-DAG: @_ZZ5mixedvE1x = linkonce_odr global i32 0, comdat($_Z5mixedv)
@_ZZ5mixedvE1x = linkonce_odr global i32 0, comdat($_Z5mixedv)

; The C1 alias and C2 body of a constructor share the C5 comdat.
; CHECK-DAG: @_ZN1SC1Ev.__ul.{{[0-9]+}} = linkonce_odr unnamed_addr alias void (ptr), ptr @_ZN1SC2Ev.__ul.[[C2:[0-9]+]]
@_ZN1SC1Ev = linkonce_odr unnamed_addr alias void (ptr), ptr @_ZN1SC2Ev

; CHECK-LABEL: define linkonce_odr i32 @_Z3keyv.__ul.
; CHECK-SAME: [[KEY]]() comdat {
define linkonce_odr i32 @_Z3keyv() comdat {
  ret i32 1
}

; CHECK-LABEL: define linkonce_odr void @_ZN1SC2Ev.__ul.
; CHECK-SAME: comdat($_ZN1SC5Ev.__ul.
define linkonce_odr void @_ZN1SC2Ev(ptr %this) unnamed_addr comdat($_ZN1SC5Ev) {
  store i32 0, ptr %this
  ret void
}

; CHECK-LABEL: define linkonce_odr i32 @_Z6nodupv.__ul.
; CHECK-SAME: comdat {
define linkonce_odr i32 @_Z6nodupv() comdat {
  ret i32 2
}

; Shares a comdat with a mutable variable: keeps its name.
; CHECK-LABEL: define linkonce_odr i32 @_Z5mixedv() comdat {
define linkonce_odr i32 @_Z5mixedv() comdat {
  %v = load i32, ptr @_ZZ5mixedvE1x
  ret i32 %v
}

; CHECK-NOT: $_Z3keyv = comdat
; CHECK-NOT: $_ZN1SC5Ev = comdat
