; Symbols that module or inline asm names keep their names (asm is not
; rewritten), with a missed-optimization remark saying why.
; RUN: opt %loadplugin -passes='unique-linkonce<mode=hash>' -pass-remarks-missed=unique-linkonce -S %s 2>%t.err | FileCheck %s
; RUN: FileCheck %s --check-prefix=REMARK < %t.err

module asm ".globl alias_of_f1"
module asm ".set alias_of_f1, _Z2f1v"

; CHECK-LABEL: define linkonce_odr void @_Z2f1v()
define linkonce_odr void @_Z2f1v() {
  ret void
}
; CHECK-LABEL: define linkonce_odr void @_Z2f2v()
define linkonce_odr void @_Z2f2v() {
  ret void
}
; CHECK-LABEL: define linkonce_odr void @_Z2f3v.__ul.
define linkonce_odr void @_Z2f3v() {
  call void asm sideeffect "call _Z2f2v", ""()
  ret void
}
; REMARK-DAG: remark: {{.*}}kept the name of '_Z2f1v': named in inline or module asm
; REMARK-DAG: remark: {{.*}}kept the name of '_Z2f2v': named in inline or module asm
