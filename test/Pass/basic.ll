; Every linkonce_odr definition is renamed to <name>.__ul.<hash> in hash mode;
; users follow, other linkages and mutable or address-significant variables
; keep their names, and with map-metadata the map is recorded as named
; metadata (without it, nothing but the names changes).
; RUN: opt %loadplugin -passes='unique-linkonce<mode=hash;map-metadata>' -S %s | FileCheck %s
; RUN: opt %loadplugin -passes='unique-linkonce<mode=hash>' -S %s | FileCheck %s --check-prefix=NOMAP
; RUN: opt %loadplugin -passes='unique-linkonce<mode=hash;map-metadata>' -print-pipeline-passes -disable-output %s | FileCheck %s --check-prefix=PIPE

; NOMAP-LABEL: define linkonce_odr i32 @_Z3foov.__ul.{{[0-9]+}}()
; NOMAP-NOT: uniqlink.renames
; PIPE: unique-linkonce<mode=hash;linkages=linkonce_odr;map-metadata>

; CHECK-DAG: @.str = private unnamed_addr constant [4 x i8] c"abc\00"
; CHECK-DAG: @counter = linkonce_odr global i32 0
; CHECK-DAG: @typeinfo = linkonce_odr constant i32 1
; CHECK-DAG: @cst.__ul.[[CST:[0-9]+]] = linkonce_odr unnamed_addr constant i32 7
; CHECK-DAG: @ext = global i32 3
; CHECK-DAG: @wodr = weak_odr unnamed_addr constant i32 8

@.str = private unnamed_addr constant [4 x i8] c"abc\00"
@counter = linkonce_odr global i32 0
@typeinfo = linkonce_odr constant i32 1
@cst = linkonce_odr unnamed_addr constant i32 7
@ext = global i32 3
@wodr = weak_odr unnamed_addr constant i32 8

; CHECK-LABEL: define linkonce_odr i32 @_Z3foov.__ul.{{[0-9]+}}()
; CHECK-NEXT: load i32, ptr @cst.__ul.[[CST]]
; CHECK-NEXT: call i32 @_Z3barv.__ul.[[BAR:[0-9]+]]()
; CHECK-NEXT: load i32, ptr @counter
define linkonce_odr i32 @_Z3foov() {
  %x = load i32, ptr @cst
  %r = call i32 @_Z3barv()
  %c = load i32, ptr @counter
  %s = add nsw i32 %x, %r
  %t = add i32 %s, %c
  ret i32 %t
}

; CHECK-LABEL: define linkonce_odr i32 @_Z3barv.__ul.
; CHECK-SAME: [[BAR]]()
define linkonce_odr i32 @_Z3barv() {
  %p = load i8, ptr @.str
  %z = zext i8 %p to i32
  ret i32 %z
}

; Other linkages are not renamed by default.
; CHECK-LABEL: define weak_odr i32 @_Z4weakv()
define weak_odr i32 @_Z4weakv() {
  ret i32 1
}
; CHECK-LABEL: define internal i32 @helper()
define internal i32 @helper() {
  ret i32 2
}
; CHECK-LABEL: declare i32 @_Z3extv()
declare i32 @_Z3extv()

; CHECK-LABEL: define i32 @main()
; CHECK-NEXT: call i32 @_Z3foov.__ul.{{[0-9]+}}()
; CHECK-NOT: @_Z3foov(
define i32 @main() {
  %r = call i32 @_Z3foov()
  %h = call i32 @helper()
  %w = call i32 @_Z4weakv()
  %e = call i32 @_Z3extv()
  ret i32 %r
}

; CHECK: !uniqlink.renames =
; CHECK-DAG: !{!"_Z3foov", !"_Z3foov.__ul.{{[0-9]+}}"}
; CHECK-DAG: !{!"_Z3barv", !"_Z3barv.__ul.[[BAR]]"}
; CHECK-DAG: !{!"cst", !"cst.__ul.[[CST]]"}
