# Finds the LLVM that uniqlink is built against.
#
# UNIQLINK_LLVM_VERSION picks a Debian-installed major (/usr/lib/llvm-N); an
# explicit -DLLVM_DIR= wins. Either way the found major must match the request,
# so a stray unversioned LLVM (Debian's newest) is never picked by accident.
set(UNIQLINK_LLVM_VERSION "19" CACHE STRING "LLVM major to build against")

if(NOT LLVM_DIR AND EXISTS "/usr/lib/llvm-${UNIQLINK_LLVM_VERSION}/lib/cmake/llvm")
  set(LLVM_DIR "/usr/lib/llvm-${UNIQLINK_LLVM_VERSION}/lib/cmake/llvm")
endif()
find_package(LLVM REQUIRED CONFIG)
if(NOT LLVM_VERSION_MAJOR STREQUAL UNIQLINK_LLVM_VERSION AND
   NOT UNIQLINK_ALLOW_ANY_LLVM)
  message(FATAL_ERROR "uniqlink: asked for LLVM ${UNIQLINK_LLVM_VERSION} but "
    "found ${LLVM_PACKAGE_VERSION} in ${LLVM_DIR}")
endif()
message(STATUS "uniqlink: LLVM ${LLVM_PACKAGE_VERSION} from ${LLVM_DIR}")

list(APPEND CMAKE_MODULE_PATH "${LLVM_CMAKE_DIR}")
include(AddLLVM)
include_directories(SYSTEM ${LLVM_INCLUDE_DIRS})
separate_arguments(UNIQLINK_LLVM_DEFINITIONS NATIVE_COMMAND
                   "${LLVM_DEFINITIONS}")
add_definitions(${UNIQLINK_LLVM_DEFINITIONS})
set(LLVM_TOOLS_DIR "${LLVM_TOOLS_BINARY_DIR}")

# Debian's LLVM: RTTI on, exceptions off. Match it.
if(NOT LLVM_ENABLE_RTTI)
  add_compile_options(-fno-rtti)
endif()
if(NOT LLVM_ENABLE_EH)
  add_compile_options(-fno-exceptions)
endif()

# Everything links the shared libLLVM when the distribution provides one
# (Debian does); otherwise the named components.
function(uniqlink_link_llvm target)
  if(LLVM_LINK_LLVM_DYLIB)
    target_link_libraries(${target} PUBLIC LLVM)
  else()
    llvm_map_components_to_libnames(libs ${ARGN})
    target_link_libraries(${target} PUBLIC ${libs})
  endif()
endfunction()
