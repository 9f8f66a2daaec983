# SPDX-License-Identifier: LGPL-3.0-or-later
# dokan_add_driver(<target> <output-name> <sources...>)
# Builds a native-subsystem kernel driver (<output-name>.sys) that imports only
# ntoskrnl.exe and hal.dll.

# The DDK headers (ntddk.h, ntifs.h) ship with mingw-w64 in a ddk/ folder beside the
# compiler's own Windows headers, so they are looked for in the toolchain's include
# directories (those the compiler searches by default, and the find root of the toolchain
# file). A toolchain that keeps them elsewhere names the folder with
# -DDOKAN_DDK_INCLUDE_DIR=<folder holding ntifs.h>.
find_path(DOKAN_DDK_INCLUDE_DIR NAMES ntifs.h
  HINTS ${CMAKE_C_IMPLICIT_INCLUDE_DIRECTORIES}
  PATH_SUFFIXES ddk include/ddk
  DOC "the folder holding the mingw-w64 DDK headers (ntddk.h, ntifs.h)")
if(NOT DOKAN_DDK_INCLUDE_DIR)
  message(FATAL_ERROR "The Windows DDK headers (ddk/ntddk.h, ddk/ntifs.h) were not found "
    "beside ${CMAKE_C_COMPILER}'s include directories (${CMAKE_C_IMPLICIT_INCLUDE_DIRECTORIES}). "
    "Install mingw-w64's headers (Debian: mingw-w64-common) or configure with "
    "-DDOKAN_DDK_INCLUDE_DIR=<folder holding ntifs.h>.")
elseif(NOT EXISTS "${DOKAN_DDK_INCLUDE_DIR}/ntifs.h")
  message(FATAL_ERROR "DOKAN_DDK_INCLUDE_DIR is ${DOKAN_DDK_INCLUDE_DIR}, which holds no ntifs.h: "
    "name the folder of mingw-w64's DDK headers, or leave it unset to search the toolchain.")
endif()

function(dokan_add_driver target outname)
  add_library(${target} SHARED ${ARGN})
  set_target_properties(${target} PROPERTIES PREFIX "" SUFFIX ".sys" OUTPUT_NAME ${outname}
    ARCHIVE_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/driver-implib)
  target_include_directories(${target} PRIVATE ${DOKAN_DDK_INCLUDE_DIR})
  target_compile_definitions(${target} PRIVATE NTDDI_VERSION=0x06010000 _WIN32_WINNT=0x0601)
  target_compile_options(${target} PRIVATE -fno-stack-protector -fno-builtin -ffreestanding)
  if(DOKAN_X86)
    target_compile_definitions(${target} PRIVATE _X86_)
    set(entry _DriverEntry@8)
  else()
    target_compile_definitions(${target} PRIVATE _AMD64_)
    target_compile_options(${target} PRIVATE -mno-red-zone)
    set(entry DriverEntry)
  endif()
  target_link_options(${target} PRIVATE -nostdlib -Wl,--subsystem,native
    -Wl,--entry,${entry} -Wl,--image-base,0x10000 -Wl,--no-insert-timestamp)
  target_link_libraries(${target} PRIVATE ntoskrnl hal)
  if(DOKAN_X86)
    target_link_libraries(${target} PRIVATE gcc)
  endif()
endfunction()
