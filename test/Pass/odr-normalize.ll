; uniqlink-odr-normalize rewrites a module into the form its ODR hashes see:
; an invoke of a callee that cannot unwind becomes a call (its landing pad
; and the personality go), function attributes of definitions and call
; sites go except target-cpu/target-features, instruction metadata and
; unused lifetime markers go. A callee that may unwind keeps its invoke.
; RUN: opt %loadplugin -passes=uniqlink-odr-normalize -S %s | FileCheck %s

target triple = "x86_64-unknown-linux-gnu"

declare void @nothrow() nounwind
declare void @maythrow()
declare i32 @__gxx_personality_v0(...)
declare void @llvm.lifetime.start.p0(i64, ptr)
declare void @llvm.lifetime.end.p0(i64, ptr)

; CHECK-LABEL: define linkonce_odr void @f() #0 {
; CHECK-NOT: invoke
; CHECK: call void @nothrow()
; CHECK-NEXT: ret void
; CHECK-NEXT: }
define linkonce_odr void @f() #1 personality ptr @__gxx_personality_v0 {
  invoke void @nothrow() to label %ok unwind label %lp
ok:
  ret void
lp:
  %e = landingpad { ptr, i32 } cleanup
  resume { ptr, i32 } %e
}

; CHECK-LABEL: define linkonce_odr i32 @g(ptr %p) #0 personality ptr @__gxx_personality_v0 {
; CHECK-NOT: lifetime
; CHECK-NOT: !tbaa
; CHECK: invoke void @maythrow()
; CHECK: landingpad
define linkonce_odr i32 @g(ptr %p) #1 personality ptr @__gxx_personality_v0 {
  %a = alloca i32
  call void @llvm.lifetime.start.p0(i64 4, ptr %a)
  %v = load i32, ptr %p, !tbaa !0
  store i32 %v, ptr %a
  invoke void @maythrow() to label %ok unwind label %lp
ok:
  call void @llvm.lifetime.end.p0(i64 4, ptr %a)
  %r = load i32, ptr %a
  ret i32 %r
lp:
  %e = landingpad { ptr, i32 } cleanup
  resume { ptr, i32 } %e
}

; CHECK: attributes #0 = { "target-cpu"="x86-64" }
attributes #1 = { noinline nounwind optnone "frame-pointer"="all" "target-cpu"="x86-64" }

!0 = !{!1, !1, i64 0}
!1 = !{!"int", !2, i64 0}
!2 = !{!"omnipotent char", !3, i64 0}
!3 = !{!"Simple C++ TBAA"}
