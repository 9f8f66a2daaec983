// SPDX-License-Identifier: LGPL-3.0-or-later
#include "cf.h"
int wmain(void) { return 0; }
