; The three naming modes, a fixed uuid, and the default (hash+uuid with a
; random uuid per run).
; RUN: opt %loadplugin -passes='unique-linkonce<mode=hash>' -S %s | FileCheck %s --check-prefix=HASH
; RUN: opt %loadplugin -passes='unique-linkonce<mode=uuid;uuid=42>' -S %s | FileCheck %s --check-prefix=UUID
; RUN: opt %loadplugin -passes='unique-linkonce<mode=hash+uuid;uuid=42>' -S %s | FileCheck %s --check-prefix=BOTH
; RUN: opt %loadplugin -passes='unique-linkonce' -S %s | FileCheck %s --check-prefix=DEFAULT
; RUN: opt %loadplugin -passes='unique-linkonce<uuid=7>' -S %s | FileCheck %s --check-prefix=DEFAULT7

; Two runs with a random uuid differ in the uuid part only.
; RUN: opt %loadplugin -passes='unique-linkonce' -S %s | grep -o '_Z1fv[.0-9_a-z]*' > %t.1
; RUN: opt %loadplugin -passes='unique-linkonce' -S %s | grep -o '_Z1fv[.0-9_a-z]*' > %t.2
; RUN: not diff %t.1 %t.2

; HASH: define linkonce_odr i32 @_Z1fv.__ul.{{[0-9]+}}() {
; UUID: define linkonce_odr i32 @_Z1fv.__ul.42() {
; BOTH: define linkonce_odr i32 @_Z1fv.__ul.{{[0-9]+}}.42() {
; DEFAULT: define linkonce_odr i32 @_Z1fv.__ul.{{[0-9]+}}.{{[0-9]+}}() {
; DEFAULT7: define linkonce_odr i32 @_Z1fv.__ul.{{[0-9]+}}.7() {
define linkonce_odr i32 @_Z1fv() {
  ret i32 1
}
