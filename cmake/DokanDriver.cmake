# SPDX-License-Identifier: LGPL-3.0-or-later
# dokan_add_driver(<target> <output-name> <sources...>)
# Builds a native-subsystem kernel driver (<output-name>.sys) that imports only
# ntoskrnl.exe and hal.dll.
set(DOKAN_DDK_INCLUDE /usr/share/mingw-w64/include/ddk)

function(dokan_add_driver target outname)
  add_library(${target} SHARED ${ARGN})
  set_target_properties(${target} PROPERTIES PREFIX "" SUFFIX ".sys" OUTPUT_NAME ${outname}
    ARCHIVE_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/driver-implib)
  target_include_directories(${target} PRIVATE ${DOKAN_DDK_INCLUDE})
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
