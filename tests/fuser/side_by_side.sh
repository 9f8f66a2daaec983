#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# placeholder until the side-by-side run lands
echo "fuser_side_by_side: not written yet"; exit 77
