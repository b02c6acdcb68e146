// SPDX-License-Identifier: GPL-2.0
/* ftrace scenario, foo v1: answer() is traceable (its __fentry__ call is in __mcount_loc). */
#include "klps_target.h"

static KLPS_KEEP int answer(void)
{
	return 1;
}

static KLPS_KEEP int scale(int x, int factor)
{
	return x * factor + (x >> 3);
}

static int klps_report(char *buf, size_t len)
{
	return scnprintf(buf, len, "answer=%d scale=%d", answer(), scale(7, 3));
}

MODULE_DESCRIPTION("klpscope ftrace target foo v1 (answer traceable)");
