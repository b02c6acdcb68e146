// SPDX-License-Identifier: GPL-2.0
/*
 * kindswap scenario, foo v2: the kinds are swapped: mode is now a variable
 * (in .data) and limit a function (in .text).
 */
#include "klps_target.h"

int mode = 3;			/* global, not exported */

static KLPS_KEEP int limit(void)
{
	return 5;
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
			 answer(), other(), mode, limit());
}

MODULE_DESCRIPTION("klpscope kindswap target foo v2 (mode variable, limit function)");
