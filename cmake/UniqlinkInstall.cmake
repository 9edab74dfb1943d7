# Install rules, the CMake package (find_package(uniqlink)), the pkg-config
# file of the C API, and the Debian package (CPack), so embedders consume an
# installed uniqlink instead of our source tree. Included at the end of the
# top CMakeLists.txt, after every target exists. Layout: docs/install.md.
#
#   <prefix>/bin/uniqlink-check, uniqlink-jit
#   <prefix>/<libdir>/libuniqlink-c.so, libuniqlink{Hash,Pass,Check,ORC}.a
#   <prefix>/<libdir>/cmake/uniqlink/      uniqlinkConfig.cmake + targets
#   <prefix>/<libdir>/pkgconfig/uniqlink-c.pc
#   <prefix>/include/uniqlink/*.h, uniqlink-c/uniqlink.h
#   <prefix>/lib/uniqlink/llvm-<N>/UniqueLinkoncePlugin.so
#   <prefix>/lib/python3/dist-packages/uniqlink/   (if python/uniqlink exists)
#
# The plugin's directory names the LLVM major: a stale -fpass-plugin= path
# then fails to open instead of loading a plugin built for another LLVM.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# The install directories: UniqlinkInstallDirs.cmake (the tests use them too).
include(UniqlinkInstallDirs)

# Exported names: uniqlink::<name>.
set(uniqlink_exported
  uniqlinkHash hash
  uniqlinkPass pass
  uniqlinkCheck check
  uniqlinkORC orc
  uniqlink-c capi
  uniqlink-check uniqlink-check
  uniqlink-jit uniqlink-jit)
set(uniqlink_install_targets)
while(uniqlink_exported)
  list(POP_FRONT uniqlink_exported uniqlink_target uniqlink_name)
  if(TARGET ${uniqlink_target})
    set_target_properties(${uniqlink_target} PROPERTIES
                          EXPORT_NAME ${uniqlink_name})
    list(APPEND uniqlink_install_targets ${uniqlink_target})
  endif()
endwhile()

install(TARGETS ${uniqlink_install_targets}
  EXPORT uniqlinkTargets
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}"
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
# The plugin (a MODULE library) has a directory of its own.
if(TARGET UniqueLinkoncePlugin)
  get_target_property(uniqlink_prefix UniqueLinkoncePlugin PREFIX)
  if(NOT DEFINED uniqlink_prefix OR
     uniqlink_prefix STREQUAL "uniqlink_prefix-NOTFOUND")
    set(uniqlink_prefix "${CMAKE_SHARED_MODULE_PREFIX}")
  endif()
  set(UNIQLINK_PLUGIN_FILE
      "${uniqlink_prefix}UniqueLinkoncePlugin${CMAKE_SHARED_MODULE_SUFFIX}")
  set_target_properties(UniqueLinkoncePlugin PROPERTIES EXPORT_NAME plugin)
  install(TARGETS UniqueLinkoncePlugin EXPORT uniqlinkTargets
    LIBRARY DESTINATION "${UNIQLINK_INSTALL_PLUGINDIR}")
endif()

install(DIRECTORY "${CMAKE_SOURCE_DIR}/include/uniqlink"
                  "${CMAKE_SOURCE_DIR}/include/uniqlink-c"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
  FILES_MATCHING PATTERN "*.h")
install(FILES "${CMAKE_BINARY_DIR}/include/uniqlink/Version.h"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/uniqlink")

# The Python package finds libuniqlink-c-standalone.so, else
# libuniqlink-c.so (a relative symlink to the installed library), at
# uniqlink/lib/; the .pth file is its opt-in autoload
# hook (inert unless UNIQLINK_NUMBA is set).
if(EXISTS "${CMAKE_SOURCE_DIR}/python/uniqlink")
  install(DIRECTORY "${CMAKE_SOURCE_DIR}/python/uniqlink"
    DESTINATION "${UNIQLINK_INSTALL_PYTHONDIR}"
    PATTERN "__pycache__" EXCLUDE
    PATTERN "*.pyc" EXCLUDE)
  if(EXISTS "${CMAKE_SOURCE_DIR}/python/uniqlink-numba.pth")
    install(FILES "${CMAKE_SOURCE_DIR}/python/uniqlink-numba.pth"
      DESTINATION "${UNIQLINK_INSTALL_PYTHONDIR}")
  endif()
  if(TARGET uniqlink-c)
    file(RELATIVE_PATH uniqlink_link_target
         "/${UNIQLINK_INSTALL_PYTHONDIR}/uniqlink/lib"
         "/${CMAKE_INSTALL_LIBDIR}/libuniqlink-c.so")
    set(uniqlink_link "${CMAKE_BINARY_DIR}/cmake/python-lib/libuniqlink-c.so")
    file(MAKE_DIRECTORY "${CMAKE_BINARY_DIR}/cmake/python-lib")
    file(CREATE_LINK "${uniqlink_link_target}" "${uniqlink_link}" SYMBOLIC)
    install(FILES "${uniqlink_link}"
      DESTINATION "${UNIQLINK_INSTALL_PYTHONDIR}/uniqlink/lib")
  endif()
  # What the package prefers: the library with its own LLVM inside, which
  # works beside whatever LLVM llvmlite links.
  if(TARGET uniqlink-c-standalone)
    install(TARGETS uniqlink-c-standalone
      LIBRARY DESTINATION "${UNIQLINK_INSTALL_PYTHONDIR}/uniqlink/lib")
  endif()
endif()

# The CMake package. The config finds the same LLVM major.minor and refuses
# a consumer that already uses another LLVM.
string(REGEX MATCH "^[0-9]+\\.[0-9]+" UNIQLINK_LLVM_MAJOR_MINOR
       "${LLVM_PACKAGE_VERSION}")
install(EXPORT uniqlinkTargets
  NAMESPACE uniqlink::
  DESTINATION "${UNIQLINK_INSTALL_CMAKEDIR}")
configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/uniqlinkConfig.cmake.in"
  "${CMAKE_BINARY_DIR}/cmake/uniqlinkConfig.cmake"
  INSTALL_DESTINATION "${UNIQLINK_INSTALL_CMAKEDIR}"
  PATH_VARS UNIQLINK_INSTALL_PLUGINDIR)
write_basic_package_version_file(
  "${CMAKE_BINARY_DIR}/cmake/uniqlinkConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMinorVersion)
install(FILES "${CMAKE_BINARY_DIR}/cmake/uniqlinkConfig.cmake"
              "${CMAKE_BINARY_DIR}/cmake/uniqlinkConfigVersion.cmake"
  DESTINATION "${UNIQLINK_INSTALL_CMAKEDIR}")

# pkg-config for the C API; the prefix is relative to the .pc file, so the
# same file serves `cmake --install --prefix` and the Debian package.
file(RELATIVE_PATH UNIQLINK_PC_TO_PREFIX
     "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
string(REGEX REPLACE "/$" "" UNIQLINK_PC_TO_PREFIX "${UNIQLINK_PC_TO_PREFIX}")
configure_file("${CMAKE_CURRENT_LIST_DIR}/uniqlink-c.pc.in"
               "${CMAKE_BINARY_DIR}/cmake/uniqlink-c.pc" @ONLY)
install(FILES "${CMAKE_BINARY_DIR}/cmake/uniqlink-c.pc"
  DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig")

# The Debian package: one per LLVM major, installed under /usr. Packages for
# different majors hold the same files, so they replace each other.
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "uniqlink-llvm${LLVM_VERSION_MAJOR}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "uniqlink")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "unique linkonce_odr names and a load-time collision checker for LLVM ${LLVM_VERSION_MAJOR} JITs")
set(CPACK_PACKAGE_DESCRIPTION
    "uniqlink renames linkonce_odr definitions by content hash (an LLVM pass plugin) and refuses objects whose weak symbols collide with different bodies (uniqlink-check, an ORC plugin and a C API). Built for LLVM ${LLVM_PACKAGE_VERSION}; the pass plugin is /usr/${UNIQLINK_INSTALL_PLUGINDIR}/UniqueLinkoncePlugin.so.")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME "DEB-DEFAULT")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "uniqlink developers <uniqlink@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION "devel")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# Explicit (no dpkg-shlibdeps): libLLVM at run time; LLVM's CMake package and
# headers for find_package(uniqlink) and the C++ API.
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libc6, libgcc-s1, libstdc++6, libllvm${LLVM_VERSION_MAJOR}, llvm-${LLVM_VERSION_MAJOR}-dev")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS
    "clang-${LLVM_VERSION_MAJOR}, python3-numba")
set(CPACK_DEBIAN_PACKAGE_PROVIDES "uniqlink")
set(CPACK_DEBIAN_PACKAGE_CONFLICTS "uniqlink")
set(CPACK_DEBIAN_PACKAGE_REPLACES "uniqlink")
set(CPACK_OUTPUT_FILE_PREFIX "${CMAKE_BINARY_DIR}/packages")
include(CPack)
