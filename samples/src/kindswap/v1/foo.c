// SPDX-License-Identifier: GPL-2.0
/* kindswap scenario, foo v1: mode is a function, limit is a variable. */
#include "klps_target.h"

int limit = 5;			/* global, not exported */

static KLPS_KEEP int mode(void)
{
	return 3;
}

static KLPS_KEEP int answer(void)
{
	return 0;
}

static KLPS_KEEP int other(void)
{
	return 0;
}

static int klps_report(char *buf, size_t len)
{
	return scnprintf(buf, len, "answer=%d other=%d mode=%d limit=%d",
			 answer(), other(), mode(), limit);
}

MODULE_DESCRIPTION("klpscope kindswap target foo v1 (mode function, limit variable)");
