// SPDX-License-Identifier: GPL-2.0
/* seed scenario, foo v2 (foo'): ships the fixed a() and its own b(). */
#include "klps_target.h"

static KLPS_KEEP int b(void)
{
	return 40;
}

static KLPS_KEEP int c(void)
{
	return 2;
}

static KLPS_KEEP int a(void)
{
	return b() + c() - 1;
}

static int klps_report(char *buf, size_t len)
{
	return scnprintf(buf, len, "a=%d c=%d", a(), c());
}

MODULE_DESCRIPTION("klpscope seed target foo v2 (fixed a, own b)");
