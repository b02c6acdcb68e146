// SPDX-License-Identifier: GPL-2.0
/* multiobj scenario, foo (same in v1 and v2). */
#include "klps_target.h"

static KLPS_KEEP int foo_base(void)
{
	return 10;
}

static KLPS_KEEP int foo_answer(void)
{
	return 0;
}

static int klps_report(char *buf, size_t len)
{
	return scnprintf(buf, len, "foo_answer=%d", foo_answer());
}

MODULE_DESCRIPTION("klpscope multiobj target foo");
