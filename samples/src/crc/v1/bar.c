// SPDX-License-Identifier: GPL-2.0
/* crc scenario, bar v1: exports int bar_scale(int). */
#include "klps_target.h"

int bar_scale(int x)
{
	return x * 2;
}
EXPORT_SYMBOL(bar_scale);

static KLPS_KEEP int bar_base(void)
{
	return 1000;
}

static KLPS_KEEP int bar_answer(void)
{
	return 0;
}

static int klps_report(char *buf, size_t len)
{
	return scnprintf(buf, len, "bar_answer=%d bar_scale(21)=%ld", bar_answer(), (long)bar_scale(21));
}

MODULE_DESCRIPTION("klpscope crc target bar v1");
