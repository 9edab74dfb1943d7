# Script mode (cmake -P): build SOURCE (C) with the flags of
# `pkg-config uniqlink-c` from PREFIX, run it, and expect it to print EXPECT.
set(ENV{PKG_CONFIG_PATH} "")
file(GLOB pcdirs "${PREFIX}/lib*/pkgconfig" "${PREFIX}/lib/*/pkgconfig")
list(JOIN pcdirs ":" pcpath)
set(ENV{PKG_CONFIG_LIBDIR} "${pcpath}")
execute_process(COMMAND "${PKG_CONFIG}" --cflags --libs uniqlink-c
                OUTPUT_VARIABLE flags OUTPUT_STRIP_TRAILING_WHITESPACE
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "consumer-pkgconfig: pkg-config found no uniqlink-c "
                      "in ${pcpath}")
endif()
message(STATUS "pkg-config uniqlink-c: ${flags}")
separate_arguments(flags UNIX_COMMAND "${flags}")
execute_process(COMMAND "${PKG_CONFIG}" --variable=libdir uniqlink-c
                OUTPUT_VARIABLE libdir OUTPUT_STRIP_TRAILING_WHITESPACE)
file(MAKE_DIRECTORY "${WORK}")
execute_process(COMMAND "${CC}" -std=c99 -Wall -Werror "${SOURCE}" ${flags}
                        "-Wl,-rpath,${libdir}" -o "${WORK}/version"
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "consumer-pkgconfig: compiling ${SOURCE} failed")
endif()
execute_process(COMMAND "${WORK}/version" OUTPUT_VARIABLE out
                RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0 OR NOT out STREQUAL EXPECT)
  message(FATAL_ERROR "consumer-pkgconfig: got '${out}' (exit ${rc}), "
                      "expected '${EXPECT}'")
endif()
message(STATUS "consumer-pkgconfig: uniqlinkVersion() = ${out}")
