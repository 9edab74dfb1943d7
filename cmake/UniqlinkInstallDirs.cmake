# Where `cmake --install` and the .deb put things, relative to the prefix.
# Included before the test directories, whose install/consumer tests need
# the same paths, and again by UniqlinkInstall.cmake (idempotent).
include(GNUInstallDirs)
set(UNIQLINK_INSTALL_PLUGINDIR "lib/uniqlink/llvm-${LLVM_VERSION_MAJOR}"
    CACHE STRING "Where the pass plugin goes, relative to the prefix")
set(UNIQLINK_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/uniqlink"
    CACHE STRING "Where uniqlinkConfig.cmake goes, relative to the prefix")
set(UNIQLINK_INSTALL_PYTHONDIR "lib/python3/dist-packages"
    CACHE STRING "Where the uniqlink Python package goes (Debian's layout)")
