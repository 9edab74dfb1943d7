# Sanitizer and fuzzer build modes (docs/robustness.md).
#
#   -DUNIQLINK_SANITIZER="Address;Undefined"   ASan + UBSan, whole suite
#   -DUNIQLINK_SANITIZER=Thread                 TSan, registry/ORC unit tests
#   -DUNIQLINK_BUILD_FUZZERS=ON                 libFuzzer targets (clang only)
#
# Debian's libLLVM is not instrumented, and opt, clang and python (ctypes)
# are not either: an instrumented plugin or libuniqlink-c.so can only be
# loaded into them with the sanitizer runtime preloaded. So with clang the
# runtime is linked as a shared library everywhere (-shared-libsan), and the
# lit suites run with it in LD_PRELOAD (uniqlink_sanitize_lit_tests below).
# Leak checking stays on for our own executables (unit tests), off where the
# runtime is preloaded into foreign processes (python leaks by design).
# Under TSan only the registry and ORC unit tests are meaningful (libLLVM
# is not instrumented); utils/sanitize.sh thread builds and runs just those.
set(UNIQLINK_SANITIZER "" CACHE STRING
    "Sanitizers to build with: Address;Undefined, or Thread")
option(UNIQLINK_BUILD_FUZZERS "Build the libFuzzer targets (needs clang)" OFF)

# uniqlink_add_fuzzer(<name> <source> LIBS <libs>...): a libFuzzer target,
# built only with UNIQLINK_BUILD_FUZZERS (test/fuzz runs it).
function(uniqlink_add_fuzzer name source)
  cmake_parse_arguments(ARG "" "" "LIBS" ${ARGN})
  if(NOT UNIQLINK_BUILD_FUZZERS)
    return()
  endif()
  add_executable(${name} ${source})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS})
  # libFuzzer's main links libstdc++ first; the static runtime avoids the
  # load-order check of the shared one (nothing is preloaded here).
  target_link_options(${name} PRIVATE -fsanitize=fuzzer -static-libsan)
endfunction()

set(UNIQLINK_SANITIZER_RUNTIME "")
set(UNIQLINK_SANITIZER_FLAGS "")
set(UNIQLINK_SANITIZER_LIT_ENV "")
if(NOT UNIQLINK_SANITIZER AND NOT UNIQLINK_BUILD_FUZZERS)
  return()
endif()

set(flags "")
string(REPLACE "," ";" sanitizers "${UNIQLINK_SANITIZER}")
foreach(s ${sanitizers})
  string(TOLOWER "${s}" s)
  if(s STREQUAL "address")
    list(APPEND flags address)
  elseif(s STREQUAL "undefined")
    list(APPEND flags undefined)
  elseif(s STREQUAL "thread")
    list(APPEND flags thread)
  else()
    message(FATAL_ERROR "uniqlink: unknown sanitizer '${s}' in "
                        "UNIQLINK_SANITIZER (Address, Undefined, Thread)")
  endif()
endforeach()
if("thread" IN_LIST flags AND "address" IN_LIST flags)
  message(FATAL_ERROR "uniqlink: Thread cannot be combined with Address")
endif()
if(UNIQLINK_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "uniqlink: UNIQLINK_BUILD_FUZZERS needs clang "
                        "(-DCMAKE_CXX_COMPILER=clang++-19)")
  endif()
  if("thread" IN_LIST flags)
    message(FATAL_ERROR "uniqlink: fuzzers are built with ASan, not TSan")
  endif()
  # Coverage instrumentation for every library; the fuzz targets add
  # -fsanitize=fuzzer (libFuzzer's main) themselves.
  list(APPEND flags fuzzer-no-link)
endif()
if(NOT flags)
  return()
endif()
list(REMOVE_DUPLICATES flags)
string(REPLACE ";" "," flags "${flags}")
message(STATUS "uniqlink: building with -fsanitize=${flags}")

add_compile_options(-fsanitize=${flags} -fno-omit-frame-pointer -g1
                    -fno-sanitize-recover=all)
add_link_options(-fsanitize=${flags})

if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  # One shared runtime for executables, the plugin and the C library alike.
  add_link_options(-shared-libsan)
  if(flags MATCHES "thread")
    set(rt tsan)
  elseif(flags MATCHES "address")
    set(rt asan)
  else()
    set(rt ubsan_standalone)
  endif()
  execute_process(
    COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libclang_rt.${rt}-x86_64.so
    OUTPUT_VARIABLE UNIQLINK_SANITIZER_RUNTIME OUTPUT_STRIP_TRAILING_WHITESPACE)
else()
  # GCC links its runtimes (libasan, libtsan, libubsan) shared by default.
  if(flags MATCHES "thread")
    set(rt libtsan.so)
  elseif(flags MATCHES "address")
    set(rt libasan.so)
  else()
    set(rt libubsan.so)
  endif()
  execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=${rt}
                  OUTPUT_VARIABLE UNIQLINK_SANITIZER_RUNTIME
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  get_filename_component(UNIQLINK_SANITIZER_RUNTIME
                         "${UNIQLINK_SANITIZER_RUNTIME}" REALPATH)
endif()
if(NOT EXISTS "${UNIQLINK_SANITIZER_RUNTIME}")
  message(FATAL_ERROR "uniqlink: no sanitizer runtime "
                      "'${UNIQLINK_SANITIZER_RUNTIME}'")
endif()
get_filename_component(rtdir "${UNIQLINK_SANITIZER_RUNTIME}" DIRECTORY)
add_link_options("-Wl,-rpath,${rtdir}")

set(UNIQLINK_SANITIZER_FLAGS "${flags}")
set(UNIQLINK_SANITIZER_LIT_ENV
    "LD_PRELOAD=${UNIQLINK_SANITIZER_RUNTIME}"
    "ASAN_OPTIONS=print_stacktrace=1:detect_leaks=0"
    "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")

# The lit suites (tests lit-* of directory \p dir) run with the sanitizer
# runtime preloaded. Called deferred at the end of test/ (test/robust).
function(uniqlink_sanitize_lit_tests dir)
  get_property(tests DIRECTORY "${dir}" PROPERTY TESTS)
  foreach(t ${tests})
    if(t MATCHES "^lit-")
      set_tests_properties(${t} PROPERTIES ENVIRONMENT
                           "${UNIQLINK_SANITIZER_LIT_ENV}")
    endif()
  endforeach()
endfunction()
