# uniqlink_add_subbuild(<name> [CMAKE_ARGS ...] [TIMEOUT seconds])
#
# Registers two ctest tests that build this same source tree a second time,
# with other settings (another LLVM major, sanitizers), and run that build's
# own test suite:
#   <name>-build   configures and builds in <build>/sub/<name> (a fixture);
#   <name>-suite   runs ctest there, and fails if any test in it fails.
# Sub-builds never start sub-builds of their own, and only one of them builds
# at a time (they would fight over the two cores otherwise). This keeps one
# ctest summary line covering every configuration CI checks.
function(uniqlink_add_subbuild name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "CMAKE_ARGS" ${ARGN})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 3600)
  endif()
  set(dir "${UNIQLINK_BINARY_DIR}/sub/${name}")
  add_test(NAME ${name}-build
           COMMAND "${CMAKE_COMMAND}"
                   -DSOURCE=${CMAKE_SOURCE_DIR} -DBINARY=${dir}
                   "-DARGS=${ARG_CMAKE_ARGS}"
                   -P "${CMAKE_SOURCE_DIR}/cmake/UniqlinkSubBuildRun.cmake")
  set_tests_properties(${name}-build PROPERTIES
                       FIXTURES_SETUP ${name} TIMEOUT ${ARG_TIMEOUT}
                       RESOURCE_LOCK uniqlink-subbuild)
  add_test(NAME ${name}-suite
           COMMAND "${CMAKE_CTEST_COMMAND}" --output-on-failure
                   --test-dir "${dir}" -j2)
  set_tests_properties(${name}-suite PROPERTIES
                       FIXTURES_REQUIRED ${name} TIMEOUT ${ARG_TIMEOUT})
endfunction()
