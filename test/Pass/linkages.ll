; linkages= selects which weak linkages are renamed; linkonce_odr alone by
; default, since non-ODR weak symbols may be overridden by a strong one.
; RUN: opt %loadplugin -passes='unique-linkonce<mode=hash>' -S %s | FileCheck %s --check-prefix=DEFAULT
; RUN: opt %loadplugin -passes='unique-linkonce<mode=hash;linkages=weak_odr>' -S %s | FileCheck %s --check-prefix=WODR
; RUN: opt %loadplugin -passes='unique-linkonce<mode=hash;linkages=linkonce_odr+weak_odr+linkonce+weak>' -S %s | FileCheck %s --check-prefix=ALL
; RUN: opt %loadplugin -passes='unique-linkonce<mode=hash;linkages=weak_odr>' -print-pipeline-passes -disable-output %s | FileCheck %s --check-prefix=PIPE

; DEFAULT-DAG: define linkonce_odr void @lo.__ul.{{[0-9]+}}()
; DEFAULT-DAG: define weak_odr void @wo()
; DEFAULT-DAG: define linkonce void @l()
; DEFAULT-DAG: define weak void @w()
; WODR-DAG: define linkonce_odr void @lo()
; WODR-DAG: define weak_odr void @wo.__ul.{{[0-9]+}}()
; WODR-DAG: define linkonce void @l()
; ALL-DAG: define linkonce_odr void @lo.__ul.{{[0-9]+}}()
; ALL-DAG: define weak_odr void @wo.__ul.{{[0-9]+}}()
; ALL-DAG: define linkonce void @l.__ul.{{[0-9]+}}()
; ALL-DAG: define weak void @w.__ul.{{[0-9]+}}()
; PIPE: unique-linkonce<mode=hash;linkages=weak_odr>
define linkonce_odr void @lo() {
  ret void
}
define weak_odr void @wo() {
  ret void
}
define linkonce void @l() {
  ret void
}
define weak void @w() {
  ret void
}
