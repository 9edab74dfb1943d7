; Running the pass on its own output changes nothing, in every mode.
; RUN: opt %loadplugin -passes='unique-linkonce<mode=hash>' -S < %s -o %t.1.ll
; RUN: opt %loadplugin -passes='unique-linkonce<mode=hash>' -S < %t.1.ll -o %t.2.ll
; RUN: diff %t.1.ll %t.2.ll
; RUN: opt %loadplugin -passes='unique-linkonce' -S < %s -o %t.3.ll
; RUN: opt %loadplugin -passes='unique-linkonce' -S < %t.3.ll -o %t.4.ll
; RUN: diff %t.3.ll %t.4.ll
; RUN: FileCheck %s < %t.2.ll
; CHECK: define linkonce_odr i32 @_Z1fv.__ul.{{[0-9]+}}()
; CHECK-NOT: __ul.{{[0-9]+}}.__ul
define linkonce_odr i32 @_Z1fv() {
  ret i32 1
}
define i32 @g() {
  %r = call i32 @_Z1fv()
  ret i32 %r
}
