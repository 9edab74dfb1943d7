; map= writes the rename map as JSON; a map that cannot be written is a clean
; error naming the file, and the module is not renamed.
; RUN: opt %loadplugin -passes='unique-linkonce<mode=hash+uuid;uuid=99;map=%t.json>' -disable-output %s
; RUN: FileCheck %s < %t.json
; RUN: not opt %loadplugin -passes='unique-linkonce<map=%t.nodir/sub/map.json>' -S %s -o %t.out 2>&1 | FileCheck %s --check-prefix=ERR

; CHECK: "mode": "hash+uuid",
; CHECK-NEXT: "uuid": "99",
; CHECK-NEXT: "renamed": [
; CHECK-NEXT: {
; CHECK-NEXT: "old": "_Z1fv",
; CHECK-NEXT: "new": "_Z1fv.__ul.[[H:[0-9]+]].99",
; CHECK-NEXT: "hash": "[[H]]"
; CHECK: "skipped": [
; CHECK-NEXT: {
; CHECK-NEXT: "name": "state",
; CHECK-NEXT: "reason": "mutable variable: its identity is shared state"
; ERR: error: '{{.*}}nodir/sub/map.json': {{[Nn]}}o such file or directory
@state = linkonce_odr global i32 0
define linkonce_odr void @_Z1fv() {
  ret void
}
