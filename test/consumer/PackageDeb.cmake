# Script mode (cmake -P): build the Debian package of BUILD with cpack into
# PACKAGES and check its name, dependencies and the plugin's path (PLUGIN,
# relative to /usr).
file(REMOVE_RECURSE "${PACKAGES}")
execute_process(COMMAND cpack -G DEB --config "${BUILD}/CPackConfig.cmake"
                WORKING_DIRECTORY "${BUILD}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "package-deb: cpack failed")
endif()
file(GLOB debs "${PACKAGES}/${PACKAGE}_*.deb")
list(LENGTH debs n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "package-deb: expected one ${PACKAGE}_*.deb in "
                      "${PACKAGES}, found '${debs}'")
endif()

function(expect what text regex)
  if(NOT text MATCHES "${regex}")
    message(FATAL_ERROR "package-deb: ${what} does not match '${regex}':\n"
                        "${text}")
  endif()
endfunction()
execute_process(COMMAND dpkg-deb --field "${debs}" Package Depends Provides
                OUTPUT_VARIABLE fields)
expect("fields" "${fields}" "Package: ${PACKAGE}\n")
expect("Depends" "${fields}" "Depends: [^\n]*libllvm${LLVM_MAJOR}[,\n]")
expect("Depends" "${fields}" "Depends: [^\n]*llvm-${LLVM_MAJOR}-dev")
execute_process(COMMAND dpkg-deb --contents "${debs}" OUTPUT_VARIABLE files)
foreach(f "${PLUGIN}/UniqueLinkoncePlugin.so" "bin/uniqlink-check"
          "include/uniqlink-c/uniqlink.h" "include/uniqlink/Version.h"
          "cmake/uniqlink/uniqlinkConfig.cmake" "pkgconfig/uniqlink-c.pc"
          "libuniqlink-c.so" "libuniqlinkORC.a")
  expect("contents" "${files}" " ./usr/[^\n]*${f}\n")
endforeach()
message(STATUS "package-deb: ${debs}\n${fields}")
