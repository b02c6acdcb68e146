// SPDX-License-Identifier: GPL-2.0
/*
 * proto scenario, foo v2: the same values through other prototypes. scale() lost its base (callers add it), ratio()
 * takes the denominator first and both as long. Same bugs as v1: answer() returns 1, ratio() adds 1.
 */
#include "klps_target.h"

static KLPS_KEEP int scale(int x)
{
	return x * 3;
}

static KLPS_KEEP int check_den(int den)
{
	return den ? den : 1;	/* no division by zero */
}

static KLPS_KEEP int answer(void)
{
	return 1;		/* the bug: should be 100 + scale(7) */
}

static KLPS_KEEP long ratio(long den, long num)
{
	return num / check_den(den) + 1;	/* the bug: + 1 */
}

static int klps_report(char *buf, size_t len)
{
	return scnprintf(buf, len, "answer=%d scaled=%d ratio=%ld", answer(), 100 + scale(7), ratio(4, 84));
}

MODULE_DESCRIPTION("klpscope proto target foo v2: scale(int x), ratio(long den, long num)");
