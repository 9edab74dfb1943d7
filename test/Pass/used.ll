; llvm.used and llvm.compiler.used still hold a renamed symbol.
; RUN: opt %loadplugin -passes='unique-linkonce<mode=hash>' -S %s | FileCheck %s
; CHECK: @llvm.used = appending global [1 x ptr] [ptr @_Z4keptv.__ul.{{[0-9]+}}], section "llvm.metadata"
; CHECK: @llvm.compiler.used = appending global [1 x ptr] [ptr @_Z5keep2v.__ul.{{[0-9]+}}], section "llvm.metadata"
@llvm.used = appending global [1 x ptr] [ptr @_Z4keptv], section "llvm.metadata"
@llvm.compiler.used = appending global [1 x ptr] [ptr @_Z5keep2v], section "llvm.metadata"
define linkonce_odr void @_Z4keptv() {
  ret void
}
define linkonce_odr void @_Z5keep2v() {
  ret void
}
