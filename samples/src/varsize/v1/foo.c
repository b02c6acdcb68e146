// SPDX-License-Identifier: GPL-2.0
/* varsize scenario, foo v1: foo_level is an int (4 bytes). */
#include "klps_target.h"

int foo_level = 7;		/* global, not exported */

static KLPS_KEEP int get_level(void)
{
	return 1;		/* the bug: ignores foo_level */
}

static int klps_report(char *buf, size_t len)
{
	return scnprintf(buf, len, "get_level=%d foo_level=%ld", get_level(), (long)foo_level);
}

MODULE_DESCRIPTION("klpscope varsize target foo v1 (int foo_level)");
