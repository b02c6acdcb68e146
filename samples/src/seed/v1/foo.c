// SPDX-License-Identifier: GPL-2.0
/* seed scenario, foo v1: a() has the bug LP1 fixes; there is no b(). */
#include "klps_target.h"

static KLPS_KEEP int a(void)
{
	return 1;
}

static KLPS_KEEP int c(void)
{
	return 2;
}

static int klps_report(char *buf, size_t len)
{
	return scnprintf(buf, len, "a=%d c=%d", a(), c());
}

MODULE_DESCRIPTION("klpscope seed target foo v1");
