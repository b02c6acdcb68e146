// SPDX-License-Identifier: GPL-2.0
/* ftrace scenario, foo v2: answer() is notrace: no __fentry__ call, no __mcount_loc entry. */
#include "klps_target.h"

static KLPS_KEEP notrace int answer(void)
{
	return 2;
}

static KLPS_KEEP int scale(int x, int factor)
{
	return x * factor + (x >> 3);
}

static int klps_report(char *buf, size_t len)
{
	return scnprintf(buf, len, "answer=%d scale=%d", answer(), scale(7, 3));
}

MODULE_DESCRIPTION("klpscope ftrace target foo v2 (answer notrace)");
