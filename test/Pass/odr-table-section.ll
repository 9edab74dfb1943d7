; The ODR table lands in the object in a section the linker drops
; (ELF SHF_EXCLUDE, COFF IMAGE_SCN_LNK_REMOVE), so it costs nothing in linked programs. The `exclude`
; metadata that asks codegen for it exists since LLVM 15; LLVM 14: see
; odr-table-section-llvm14.ll.
; REQUIRES: llvm-ge-15
; RUN: opt %loadplugin -passes=uniqlink-odr-table %s -o - | llc -filetype=obj -o %t.o
; RUN: llvm-readobj -S %t.o | FileCheck %s
; On COFF the section is marked IMAGE_SCN_LNK_REMOVE.
; RUN: opt %loadplugin -passes=uniqlink-odr-table -mtriple=x86_64-pc-windows-msvc %s -o - | llc -filetype=obj -o %t.coff.o
; RUN: llvm-readobj -S %t.coff.o | FileCheck %s --check-prefix=COFF

target triple = "x86_64-unknown-linux-gnu"

define linkonce_odr i32 @lo(i32 %x) {
  ret i32 %x
}

; CHECK-LABEL: Name: .uniqlink.odr
; CHECK-NEXT: Type: SHT_PROGBITS
; CHECK-NEXT: Flags [
; CHECK-NEXT: SHF_EXCLUDE
; CHECK-NEXT: ]

; COFF-LABEL: Name: .uniqodr
; COFF: Characteristics [
; COFF: IMAGE_SCN_LNK_REMOVE
; COFF: ]
