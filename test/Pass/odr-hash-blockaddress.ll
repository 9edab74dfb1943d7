; A blockaddress names a block by position, and normalizing for the ODR
; hashes moves blocks: a module with one is hashed on a normalized copy, as
; uniqlink-odr-hash<on-copy> always does, so both attach the same hashes.
; RUN: opt %loadplugin -passes=uniqlink-odr-hash -S %s -o %t.view.ll
; RUN: opt %loadplugin '-passes=uniqlink-odr-hash<on-copy>' -S %s -o %t.copy.ll
; RUN: diff %t.view.ll %t.copy.ll
; RUN: FileCheck %s < %t.view.ll

target triple = "x86_64-unknown-linux-gnu"

declare void @llvm.lifetime.start.p0(i64, ptr)

; CHECK-LABEL: define linkonce_odr ptr @addressed()
; CHECK-SAME: !uniqlink.odr.hash
define linkonce_odr ptr @addressed() {
  br label %target
target:
  ret ptr blockaddress(@addressed, %target)
}

; CHECK-LABEL: define linkonce_odr ptr @user()
; CHECK-SAME: !uniqlink.odr.hash
define linkonce_odr ptr @user() {
  %a = alloca i32
  call void @llvm.lifetime.start.p0(i64 4, ptr %a)
  br label %next
next:
  %p = call ptr @addressed()
  ret ptr %p
}
