# SPDX-License-Identifier: LGPL-3.0-or-later
# Shared part of the mingw-w64 cross toolchains; DOKAN_TRIPLE is set by the including file.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_C_COMPILER ${DOKAN_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${DOKAN_TRIPLE}-g++) # only tests/headers, to compile the headers as C++
set(CMAKE_RC_COMPILER ${DOKAN_TRIPLE}-windres)
set(CMAKE_DLLTOOL ${DOKAN_TRIPLE}-dlltool)
set(CMAKE_FIND_ROOT_PATH /usr/${DOKAN_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
# gcc's mingw specs already add the Win32 libraries user-mode programs need; drivers must
# not see them at all, so CMake's own list stays empty.
set(CMAKE_C_STANDARD_LIBRARIES "" CACHE STRING "" FORCE)
set(CMAKE_CXX_STANDARD_LIBRARIES "" CACHE STRING "" FORCE)
