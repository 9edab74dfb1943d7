; Debug info does not change the hash (the same names with and without it),
; and the DISubprogram linkage name follows the rename. The llvm.dbg.value
; call is read as a debug record by LLVM 19 and later, as an instruction by
; older ones: both must be ignored.
; RUN: rm -rf %t && split-file %s %t
; RUN: opt %loadplugin -passes='unique-linkonce<mode=hash>' -S %t/g.ll -o %t/g.out.ll
; RUN: opt %loadplugin -passes='unique-linkonce<mode=hash>' -S %t/nog.ll -o %t/nog.out.ll
; RUN: FileCheck %s < %t/g.out.ll
; RUN: grep -o '@_Z3addii[.0-9_a-z]*' %t/g.out.ll | sort -u > %t/g.names
; RUN: grep -o '@_Z3addii[.0-9_a-z]*' %t/nog.out.ll | sort -u > %t/nog.names
; RUN: diff %t/g.names %t/nog.names
; RUN: count 1 < %t/g.names

; CHECK-LABEL: define linkonce_odr i32 @_Z3addii.__ul.
; CHECK-SAME: [[HASH:[0-9]+]](i32 %a, i32 %b) !dbg
; CHECK: distinct !DISubprogram(name: "add", linkageName: "_Z3addii.__ul.[[HASH]]"

;--- g.ll
define linkonce_odr i32 @_Z3addii(i32 %a, i32 %b) !dbg !5 {
  call void @llvm.dbg.value(metadata i32 %a, metadata !10, metadata !DIExpression()), !dbg !11
  %s = add nsw i32 %a, %b, !dbg !11
  ret i32 %s, !dbg !11
}
declare void @llvm.dbg.value(metadata, metadata, metadata)
!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3, !4}
!0 = distinct !DICompileUnit(language: DW_LANG_C_plus_plus_14, file: !1, producer: "clang", isOptimized: false, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "a.cpp", directory: "/tmp")
!3 = !{i32 7, !"Dwarf Version", i32 5}
!4 = !{i32 2, !"Debug Info Version", i32 3}
!5 = distinct !DISubprogram(name: "add", linkageName: "_Z3addii", scope: !1, file: !1, line: 1, type: !6, scopeLine: 1, spFlags: DISPFlagDefinition, unit: !0)
!6 = !DISubroutineType(types: !7)
!7 = !{!8, !8, !8}
!8 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
!10 = !DILocalVariable(name: "a", arg: 1, scope: !5, file: !1, line: 1, type: !8)
!11 = !DILocation(line: 1, column: 1, scope: !5)
;--- nog.ll
define linkonce_odr i32 @_Z3addii(i32 %x, i32 %y) {
  %sum = add nsw i32 %x, %y
  ret i32 %sum
}
