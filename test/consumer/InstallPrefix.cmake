# Script mode (cmake -P): install the build BUILD into a fresh PREFIX, so
# that a file missing from the install rules cannot hide behind a stale one.
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD}"
                        --prefix "${PREFIX}"
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "install-prefix: cmake --install failed")
endif()
message(STATUS "install-prefix: installed into ${PREFIX}")
