# Script mode (cmake -P): configure and build one sub-build for
# uniqlink_add_subbuild. Inputs: SOURCE, BINARY, ARGS (a ;-list of -D...).
execute_process(
  COMMAND "${CMAKE_COMMAND}" -S "${SOURCE}" -B "${BINARY}" -G Ninja
          -DCMAKE_BUILD_TYPE=Release -DUNIQLINK_SUBBUILDS=OFF ${ARGS}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "uniqlink: configuring ${BINARY} failed")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${BINARY}" -j2
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "uniqlink: building ${BINARY} failed")
endif()
