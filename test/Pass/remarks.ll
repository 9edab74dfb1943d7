; One optimization remark per renamed function.
; RUN: opt %loadplugin -passes='unique-linkonce<mode=hash>' -pass-remarks=unique-linkonce -disable-output %s 2>&1 | FileCheck %s
; RUN: opt %loadplugin -passes='unique-linkonce<mode=hash>' -disable-output %s 2>&1 | count 0
; RUN: opt %loadplugin -passes='unique-linkonce<mode=hash>' -pass-remarks-output=%t.yaml -disable-output %s
; RUN: FileCheck %s --check-prefix=YAML < %t.yaml
; CHECK: remark: {{.*}}renamed linkonce definition '_Z1fv' to '_Z1fv.__ul.{{[0-9]+}}'
; CHECK-NOT: remark
; YAML: --- !Passed
; YAML-NEXT: Pass: unique-linkonce
; YAML-NEXT: Name: Renamed
; YAML: - Old: _Z1fv
define linkonce_odr void @_Z1fv() {
  ret void
}
define void @g() {
  ret void
}
