; The ODR hashes are taken through a view of the normalized form
; (lib/Pass/OdrView.cpp), without copying the module; uniqlink-odr-hash<on-copy>
; hashes a normalized copy, the form's definition. Both must attach the
; same hashes, here and on every ODR input of this directory, and on a large
; C++ module (odr-hash-in-place-cxx.test). This module has one definition
; per way the view can be wrong: each rewrite normalizeForOdr makes. A
; module with a blockaddress is hashed on a copy either way
; (odr-hash-blockaddress.ll).
; RUN: opt %loadplugin -passes=uniqlink-odr-hash -S %s -o %t.view.ll
; RUN: opt %loadplugin '-passes=uniqlink-odr-hash<on-copy>' -S %s -o %t.copy.ll
; RUN: diff %t.view.ll %t.copy.ll
; RUN: FileCheck %s < %t.view.ll
; RUN: opt %loadplugin -passes=uniqlink-odr-hash -S %S/asm.ll -o %t.asm.view.ll
; RUN: opt %loadplugin '-passes=uniqlink-odr-hash<on-copy>' -S %S/asm.ll -o %t.asm.copy.ll
; RUN: diff %t.asm.view.ll %t.asm.copy.ll
; RUN: opt %loadplugin -passes=uniqlink-odr-hash -S %S/basic.ll -o %t.basic.view.ll
; RUN: opt %loadplugin '-passes=uniqlink-odr-hash<on-copy>' -S %S/basic.ll -o %t.basic.copy.ll
; RUN: diff %t.basic.view.ll %t.basic.copy.ll
; RUN: opt %loadplugin -passes=uniqlink-odr-hash -S %S/comdat.ll -o %t.comdat.view.ll
; RUN: opt %loadplugin '-passes=uniqlink-odr-hash<on-copy>' -S %S/comdat.ll -o %t.comdat.copy.ll
; RUN: diff %t.comdat.view.ll %t.comdat.copy.ll
; RUN: opt %loadplugin -passes=uniqlink-odr-hash -S %S/idempotent.ll -o %t.idempotent.view.ll
; RUN: opt %loadplugin '-passes=uniqlink-odr-hash<on-copy>' -S %S/idempotent.ll -o %t.idempotent.copy.ll
; RUN: diff %t.idempotent.view.ll %t.idempotent.copy.ll
; RUN: opt %loadplugin -passes=uniqlink-odr-hash -S %S/linkages.ll -o %t.linkages.view.ll
; RUN: opt %loadplugin '-passes=uniqlink-odr-hash<on-copy>' -S %S/linkages.ll -o %t.linkages.copy.ll
; RUN: diff %t.linkages.view.ll %t.linkages.copy.ll
; RUN: opt %loadplugin -passes=uniqlink-odr-hash -S %S/map-json.ll -o %t.map-json.view.ll
; RUN: opt %loadplugin '-passes=uniqlink-odr-hash<on-copy>' -S %S/map-json.ll -o %t.map-json.copy.ll
; RUN: diff %t.map-json.view.ll %t.map-json.copy.ll
; RUN: opt %loadplugin -passes=uniqlink-odr-hash -S %S/modes.ll -o %t.modes.view.ll
; RUN: opt %loadplugin '-passes=uniqlink-odr-hash<on-copy>' -S %S/modes.ll -o %t.modes.copy.ll
; RUN: diff %t.modes.view.ll %t.modes.copy.ll
; RUN: opt %loadplugin -passes=uniqlink-odr-hash -S %S/o0-pipeline.ll -o %t.o0-pipeline.view.ll
; RUN: opt %loadplugin '-passes=uniqlink-odr-hash<on-copy>' -S %S/o0-pipeline.ll -o %t.o0-pipeline.copy.ll
; RUN: diff %t.o0-pipeline.view.ll %t.o0-pipeline.copy.ll
; RUN: opt %loadplugin -passes=uniqlink-odr-hash -S %S/odr-normalize.ll -o %t.odr-normalize.view.ll
; RUN: opt %loadplugin '-passes=uniqlink-odr-hash<on-copy>' -S %S/odr-normalize.ll -o %t.odr-normalize.copy.ll
; RUN: diff %t.odr-normalize.view.ll %t.odr-normalize.copy.ll
; RUN: opt %loadplugin -passes=uniqlink-odr-hash -S %S/odr-table-section.ll -o %t.odr-table-section.view.ll
; RUN: opt %loadplugin '-passes=uniqlink-odr-hash<on-copy>' -S %S/odr-table-section.ll -o %t.odr-table-section.copy.ll
; RUN: diff %t.odr-table-section.view.ll %t.odr-table-section.copy.ll
; RUN: opt %loadplugin -passes=uniqlink-odr-hash -S %S/odr-table.ll -o %t.odr-table.view.ll
; RUN: opt %loadplugin '-passes=uniqlink-odr-hash<on-copy>' -S %S/odr-table.ll -o %t.odr-table.copy.ll
; RUN: diff %t.odr-table.view.ll %t.odr-table.copy.ll
; RUN: opt %loadplugin -passes=uniqlink-odr-hash -S %S/used.ll -o %t.used.view.ll
; RUN: opt %loadplugin '-passes=uniqlink-odr-hash<on-copy>' -S %S/used.ll -o %t.used.copy.ll
; RUN: diff %t.used.view.ll %t.used.copy.ll

target triple = "x86_64-unknown-linux-gnu"

declare void @nothrow() nounwind
declare void @maythrow()
declare i32 @__gxx_personality_v0(...)
declare void @llvm.lifetime.start.p0(i64, ptr)
declare void @llvm.lifetime.end.p0(i64, ptr)

; Every definition gets its hashes.
; CHECK-LABEL: define linkonce_odr void @invoke_nothrow()
; CHECK-SAME: !uniqlink.odr.hash
define linkonce_odr void @invoke_nothrow() #0 personality ptr @__gxx_personality_v0 {
  invoke void @nothrow() to label %ok unwind label %lp
ok:
  %v = phi i32 [ 1, %0 ]
  call void @sink(i32 %v)
  ret void
lp:
  %e = landingpad { ptr, i32 } cleanup
  resume { ptr, i32 } %e
}

; CHECK-LABEL: define linkonce_odr void @invoke_maythrow()
; CHECK-SAME: !uniqlink.odr.hash
define linkonce_odr void @invoke_maythrow() personality ptr @__gxx_personality_v0 {
  invoke void @maythrow() to label %ok unwind label %lp
ok:
  ret void
lp:
  %e = landingpad { ptr, i32 } cleanup
  resume { ptr, i32 } %e
}

; A shared callee that cannot unwind (the oracle decides from its body).
; CHECK-LABEL: define linkonce_odr void @invoke_shared()
; CHECK-SAME: !uniqlink.odr.hash
define linkonce_odr void @invoke_shared() personality ptr @__gxx_personality_v0 {
  invoke void @leaf() to label %ok unwind label %lp
ok:
  invoke void @invoke_maythrow() to label %ok2 unwind label %lp
ok2:
  ret void
lp:
  %e = landingpad { ptr, i32 } cleanup
  resume { ptr, i32 } %e
}

; CHECK-LABEL: define linkonce_odr void @leaf()
; CHECK-SAME: !uniqlink.odr.hash
define linkonce_odr void @leaf() #1 {
  call void @nothrow(), !tbaa !0
  ret void
}

; Lifetime markers, and a scope-cleanup block left empty by them.
; CHECK-LABEL: define linkonce_odr i32 @lifetimes(i1 %c)
; CHECK-SAME: !uniqlink.odr.hash
define linkonce_odr i32 @lifetimes(i1 %c) {
  %a = alloca i32
  %unused = alloca i32
  call void @llvm.lifetime.start.p0(i64 4, ptr %a)
  call void @llvm.lifetime.start.p0(i64 4, ptr %unused)
  store i32 1, ptr %a
  br i1 %c, label %cleanup, label %other
cleanup:
  call void @llvm.lifetime.end.p0(i64 4, ptr %a)
  br label %exit
other:
  br label %exit
exit:
  %r = load i32, ptr %a
  call void @llvm.lifetime.end.p0(i64 4, ptr %unused)
  ret i32 %r
}

; A personality nothing needs.
; CHECK-LABEL: define linkonce_odr void @unused_personality()
; CHECK-SAME: !uniqlink.odr.hash
define linkonce_odr void @unused_personality() personality ptr @__gxx_personality_v0 {
  call void @maythrow() #2
  ret void
}

; A local callee counts by content.
; CHECK-LABEL: define internal void @sink(i32 %v)
define internal void @sink(i32 %v) noinline {
  ret void
}

attributes #0 = { noinline optnone "frame-pointer"="all" "target-cpu"="x86-64" }
attributes #1 = { nounwind "target-features"="+sse2" }
attributes #2 = { nounwind }

!0 = !{!1, !1, i64 0}
!1 = !{!"int", !2, i64 0}
!2 = !{!"tbaa root"}
