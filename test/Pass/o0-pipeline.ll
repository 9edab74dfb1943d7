; The plugin adds the pass at OptimizerLast, which every default pipeline
; runs, -O0 included.
; RUN: opt %loadplugin -passes='default<O0>' -S %s | FileCheck %s
; RUN: opt %loadplugin -passes='default<O2>' -S %s | FileCheck %s
; RUN: opt %loadplugin -passes='default<O0>' -print-pipeline-passes -disable-output %s | FileCheck %s --check-prefix=PIPE
; CHECK: define linkonce_odr {{.*}}i32 @_Z1fv.__ul.{{[0-9]+}}.{{[0-9]+}}()
; PIPE: unique-linkonce<mode=hash+uuid;linkages=linkonce_odr>
define linkonce_odr i32 @_Z1fv() noinline {
  ret i32 3
}
define i32 @keep() {
  %r = call i32 @_Z1fv()
  ret i32 %r
}
