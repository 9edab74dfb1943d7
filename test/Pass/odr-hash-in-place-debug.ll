; A function the view cannot show in place (an invoke that becomes a call)
; is copied alone (lib/Pass/ScratchCopy.cpp) and normalized. The copy keeps
; neither debug records nor the subprogram; its PHIs and loop must still be
; the original's. Under -g its hashes are those of the normalized copy of the
; whole module, and those of the same body without debug info.
; RUN: opt %loadplugin -passes=uniqlink-odr-hash -S %s -o %t.view.ll
; RUN: opt %loadplugin '-passes=uniqlink-odr-hash<on-copy>' -S %s -o %t.copy.ll
; RUN: diff %t.view.ll %t.copy.ll
; RUN: FileCheck %s < %t.view.ll

target triple = "x86_64-unknown-linux-gnu"

declare void @nothrow() nounwind
declare i32 @__gxx_personality_v0(...)
declare void @llvm.dbg.value(metadata, metadata, metadata)

; CHECK-LABEL: define linkonce_odr i32 @with_dbg(i32 %n)
; CHECK-SAME: !uniqlink.odr.hash [[H:![0-9]+]]
define linkonce_odr i32 @with_dbg(i32 %n) personality ptr @__gxx_personality_v0 !dbg !10 {
entry:
  call void @llvm.dbg.value(metadata i32 %n, metadata !12, metadata !DIExpression()), !dbg !14
  invoke void @nothrow() to label %loop unwind label %lp, !dbg !14
loop:
  %i = phi i32 [ 0, %entry ], [ %next, %loop ]
  %next = add i32 %i, 1
  call void @llvm.dbg.value(metadata i32 %next, metadata !12, metadata !DIExpression()), !dbg !14
  %done = icmp eq i32 %next, %n
  br i1 %done, label %exit, label %loop, !dbg !14
exit:
  ret i32 %next, !dbg !14
lp:
  %e = landingpad { ptr, i32 } cleanup
  resume { ptr, i32 } %e
}

; The same body without debug info: the same hashes.
; CHECK-LABEL: define linkonce_odr i32 @without_dbg(i32 %n)
; CHECK-SAME: !uniqlink.odr.hash [[H]]
define linkonce_odr i32 @without_dbg(i32 %n) personality ptr @__gxx_personality_v0 {
entry:
  invoke void @nothrow() to label %loop unwind label %lp
loop:
  %i = phi i32 [ 0, %entry ], [ %next, %loop ]
  %next = add i32 %i, 1
  %done = icmp eq i32 %next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret i32 %next
lp:
  %e = landingpad { ptr, i32 } cleanup
  resume { ptr, i32 } %e
}

; The loop the other way round: a different hash.
; CHECK-LABEL: define linkonce_odr i32 @other_loop(i32 %n)
; CHECK-NOT: !uniqlink.odr.hash [[H]]
; CHECK-SAME: !uniqlink.odr.hash
define linkonce_odr i32 @other_loop(i32 %n) personality ptr @__gxx_personality_v0 {
entry:
  invoke void @nothrow() to label %loop unwind label %lp
loop:
  %i = phi i32 [ %next, %loop ], [ 0, %entry ]
  %next = add i32 %i, 1
  %done = icmp eq i32 %next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret i32 %next
lp:
  %e = landingpad { ptr, i32 } cleanup
  resume { ptr, i32 } %e
}

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!2, !3}

!0 = distinct !DICompileUnit(language: DW_LANG_C_plus_plus, file: !1, producer: "test", isOptimized: false, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "t.cpp", directory: "/")
!2 = !{i32 2, !"Debug Info Version", i32 3}
!3 = !{i32 2, !"Dwarf Version", i32 4}
!10 = distinct !DISubprogram(name: "with_dbg", scope: !1, file: !1, line: 1, type: !11, scopeLine: 1, spFlags: DISPFlagDefinition, unit: !0)
!11 = !DISubroutineType(types: !15)
!12 = !DILocalVariable(name: "n", arg: 1, scope: !10, file: !1, line: 1, type: !13)
!13 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
!14 = !DILocation(line: 1, column: 1, scope: !10)
!15 = !{}
