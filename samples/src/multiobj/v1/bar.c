// SPDX-License-Identifier: GPL-2.0
/* multiobj scenario, bar v1: has bar_base(). */
#include "klps_target.h"

static KLPS_KEEP int bar_base(void)
{
	return 20;
}

static KLPS_KEEP int bar_answer(void)
{
	return 0;
}

static int klps_report(char *buf, size_t len)
{
	return scnprintf(buf, len, "bar_answer=%d", bar_answer());
}

MODULE_DESCRIPTION("klpscope multiobj target bar v1");
