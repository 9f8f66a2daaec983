// SPDX-License-Identifier: LGPL-3.0-or-later
// headers_cpp.cpp - dokan.h and dokanc.h used from C++ (see headers_use.h): the extern "C"
// blocks must give the same unmangled symbols the C translation unit links against.
#define HEADERS_FN headers_cpp_body
#include "headers_use.h"

extern "C" int headers_cpp(void)
{
	return headers_cpp_body();
}
