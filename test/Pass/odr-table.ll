; uniqlink-odr-table writes one private, excluded, compiler.used constant in
; .uniqlink.odr (Mach-O __LLVM,__uniqlink_odr, COFF .uniqodr) listing every
; weak definition (linkonce_odr, weak_odr, linkonce, weak; functions and
; data) by its final name, sorted; strong and internal definitions are not
; in it. uniqlink-odr-hash stashes the two hashes (body and what it reaches;
; body alone) as metadata, which the table pass strips; with unique-linkonce
; in between, the table has the new names.
; RUN: opt %loadplugin -passes=uniqlink-odr-table -S %s | FileCheck %s --check-prefix=TABLE
; RUN: opt %loadplugin -passes=uniqlink-odr-hash -S %s | FileCheck %s --check-prefix=STASH
; RUN: opt %loadplugin -passes='uniqlink-odr-hash,unique-linkonce<mode=hash;linkages=linkonce_odr+weak_odr>,uniqlink-odr-table' -S %s | FileCheck %s --check-prefix=RENAMED
; RUN: opt %loadplugin -passes=uniqlink-odr-table -mtriple=arm64-apple-macosx14.0.0 -S %s | FileCheck %s --check-prefix=MACHO
; RUN: opt %loadplugin -passes=uniqlink-odr-table -mtriple=x86_64-pc-windows-msvc -S %s | FileCheck %s --check-prefix=COFF
; Running the table pass twice replaces the table (one global, one use).
; RUN: opt %loadplugin -passes='uniqlink-odr-table,uniqlink-odr-table' -S %s | FileCheck %s --check-prefix=TWICE
; How the section lands in an object: odr-table-section*.ll.

target triple = "x86_64-unknown-linux-gnu"

define linkonce_odr i32 @lo(i32 %x) {
  %y = add i32 %x, 1
  ret i32 %y
}

define weak_odr i32 @wo(i32 %x) {
  %y = call i32 @lo(i32 %x)
  ret i32 %y
}

define linkonce i32 @la(i32 %x) {
  ret i32 %x
}

define weak i32 @wa(i32 %x) {
  ret i32 %x
}

@wdata = weak_odr constant i32 7

define i32 @ext(i32 %x) {
  %y = call i32 @lo(i32 %x)
  %z = call i32 @int(i32 %y)
  ret i32 %z
}

define internal i32 @int(i32 %x) {
  ret i32 %x
}

; TABLE-LABEL: @wdata = weak_odr constant i32 7
; TABLE-NOT: uniqlink.odr.hash
; TABLE: @__uniqlink_odr_table = private constant [123 x i8] c"ULODR\02\05\00\00\00\02\00\00\00la{{.*}}\02\00\00\00lo{{.*}}\02\00\00\00wa{{.*}}\05\00\00\00wdata{{.*}}\02\00\00\00wo{{.*}}", section ".uniqlink.odr", align 1, !exclude [[EMPTY:![0-9]+]]
; TABLE-NEXT: @llvm.compiler.used = appending global [1 x ptr] [ptr @__uniqlink_odr_table], section "llvm.metadata"
; TABLE-NOT: uniqlink.odr.hash
; TABLE: [[EMPTY]] = !{}

; STASH-DAG: @wdata = weak_odr constant i32 7, !uniqlink.odr.hash ![[#]]
; STASH-DAG: define linkonce_odr i32 @lo(i32 %x) !uniqlink.odr.hash ![[#]] {
; STASH-DAG: define weak_odr i32 @wo(i32 %x) !uniqlink.odr.hash ![[#]] {
; STASH-DAG: define linkonce i32 @la(i32 %x) !uniqlink.odr.hash ![[LA:[0-9]+]] {
; STASH-DAG: define weak i32 @wa(i32 %x) !uniqlink.odr.hash ![[#]] {
; STASH-DAG: define i32 @ext(i32 %x) {
; STASH-DAG: define internal i32 @int(i32 %x) {
; STASH-NOT: __uniqlink_odr_table
; STASH: ![[LA]] = !{i64 {{-?[0-9]+}}, i64 {{-?[0-9]+}}}

; RENAMED-LABEL: @__uniqlink_odr_table = private constant
; RENAMED-SAME: lo.__ul.{{[0-9]+}}
; RENAMED-SAME: wo.__ul.{{[0-9]+}}
; RENAMED-NOT: uniqlink.odr.hash
; RENAMED: define linkonce_odr i32 @lo.__ul.{{[0-9]+}}(i32 %x) {

; MACHO: @__uniqlink_odr_table = private constant {{.*}} section "__LLVM,__uniqlink_odr", align 1
; COFF: @__uniqlink_odr_table = private constant {{.*}} section ".uniqodr", align 1

; TWICE-DAG: @llvm.compiler.used = appending global [1 x ptr] [ptr @__uniqlink_odr_table]
; TWICE-DAG: @__uniqlink_odr_table = private constant [123 x i8]
; TWICE-NOT: @__uniqlink_odr_table{{.*}} =
