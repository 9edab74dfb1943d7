; The pass learns the module's inline asm from its hashing walk, and walks
; itself only the bodies that walk did not reach. Asm in any body counts:
; here in a definition that is no candidate, in a candidate that keeps its
; name for its comdat, and in a renamed candidate. Asm that names a
; candidate makes the pass plan again; the map then lists the skipped
; symbols in module order, as a plan made knowing the asm would.
; RUN: opt %loadplugin -passes='unique-linkonce<mode=hash;map=%t.json>' -S %s | FileCheck %s
; RUN: FileCheck %s --check-prefix=MAP < %t.json

$kept = comdat any

; Named only from asm in @external, which is not hashed.
; CHECK-LABEL: define linkonce_odr void @_Z2g1v()
define linkonce_odr void @_Z2g1v() {
  ret void
}
; Named only from asm in @_Z4keptv, which keeps its name (its comdat has a
; member that must).
; CHECK-LABEL: define linkonce_odr void @_Z2g2v()
define linkonce_odr void @_Z2g2v() {
  ret void
}
; CHECK-LABEL: define void @external()
define void @external() {
  call void asm sideeffect "call _Z2g1v", ""()
  ret void
}
; CHECK-LABEL: define linkonce_odr void @_Z4keptv() comdat($kept)
define linkonce_odr void @_Z4keptv() comdat($kept) {
  call void asm sideeffect "call _Z2g2v", ""()
  ret void
}
; Asm that names no candidate changes nothing: renamed.
; CHECK-LABEL: define linkonce_odr void @_Z3nopv.__ul.
define linkonce_odr void @_Z3nopv() {
  call void asm sideeffect "nop", ""()
  ret void
}
; The rest is renamed as usual.
; CHECK-LABEL: define linkonce_odr void @_Z5otherv.__ul.
define linkonce_odr void @_Z5otherv() {
  call void @_Z2g1v()
  ret void
}

@kept = linkonce_odr global i32 0, comdat
@state = linkonce_odr global i32 0

; MAP: "skipped": [
; MAP-NEXT: {
; MAP-NEXT: "name": "_Z2g1v",
; MAP-NEXT: "reason": "named in inline or module asm"
; MAP: "name": "_Z2g2v",
; MAP-NEXT: "reason": "named in inline or module asm"
; MAP: "name": "kept",
; MAP-NEXT: "reason": "mutable variable: its identity is shared state"
; MAP: "name": "state",
; MAP-NEXT: "reason": "mutable variable: its identity is shared state"
; MAP: "name": "_Z4keptv",
; MAP-NEXT: "reason": "comdat 'kept' has members that keep their names"
