; Invalid pass parameters are errors with a clear message and a non-zero
; exit, never a crash.
; RUN: not opt %loadplugin -passes='unique-linkonce<mode=bogus>' -S %s 2>&1 | FileCheck %s --check-prefix=MODE
; RUN: not opt %loadplugin -passes='unique-linkonce<uuid=12a>' -S %s 2>&1 | FileCheck %s --check-prefix=UUID
; RUN: not opt %loadplugin -passes='unique-linkonce<uuid=>' -S %s 2>&1 | FileCheck %s --check-prefix=EMPTY
; RUN: not opt %loadplugin -passes='unique-linkonce<linkages=weak_odr+strong>' -S %s 2>&1 | FileCheck %s --check-prefix=LINKAGE
; RUN: not opt %loadplugin -passes='unique-linkonce<colour=red>' -S %s 2>&1 | FileCheck %s --check-prefix=KEY
; RUN: not opt %loadplugin -passes='unique-linkonce<map=>' -S %s 2>&1 | FileCheck %s --check-prefix=MAP
; RUN: not opt %loadplugin -passes='unique-linkonce<map-metadata=1>' -S %s 2>&1 | FileCheck %s --check-prefix=MAPMD

; MODE: unique-linkonce: invalid mode 'bogus' (expected hash, uuid or hash+uuid)
; UUID: unique-linkonce: invalid uuid '12a' (expected 1 to 39 decimal digits)
; EMPTY: unique-linkonce: invalid uuid '' (expected 1 to 39 decimal digits)
; LINKAGE: unique-linkonce: invalid linkage 'strong'
; KEY: unique-linkonce: invalid parameter 'colour=red'
; MAP: unique-linkonce: 'map=' needs a file name
; MAPMD: unique-linkonce: invalid parameter 'map-metadata=1' (expected mode=, uuid=, linkages=, map= or map-metadata)
define linkonce_odr void @f() {
  ret void
}
