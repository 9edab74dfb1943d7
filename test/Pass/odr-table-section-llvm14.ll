; LLVM 14 has no `exclude` metadata, so its codegen puts the ODR table in an
; ordinary read-only section: the checker still finds it by name, but it is
; SHF_ALLOC and ends up in linked programs (a few bytes per weak symbol).
; This test pins that known limitation; odr-table-section.ll covers LLVM 15+.
; REQUIRES: llvm-14
; RUN: opt %loadplugin -passes=uniqlink-odr-table %s -o - | llc -filetype=obj -o %t.o
; RUN: llvm-readobj -S %t.o | FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

define linkonce_odr i32 @lo(i32 %x) {
  ret i32 %x
}

; CHECK-LABEL: Name: .uniqlink.odr
; CHECK-NEXT: Type: SHT_PROGBITS
; CHECK-NEXT: Flags [
; CHECK-NEXT: SHF_ALLOC
; CHECK-NEXT: ]
