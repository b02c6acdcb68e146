// SPDX-License-Identifier: GPL-2.0
/*
 * proto scenario, foo v1: answer() has the bug proto_call_lp fixes (it should be scale(100, 7) = 121), ratio()
 * the one proto_repl_lp fixes (+ 1). scale() is what proto_call_lp calls through a klp relocation.
 */
#include "klps_target.h"

static KLPS_KEEP int scale(int base, int x)
{
	return base + x * 3;
}

static KLPS_KEEP int check_den(int den)
{
	return den ? den : 1;	/* no division by zero */
}

static KLPS_KEEP int answer(void)
{
	return 1;		/* the bug: should be scale(100, 7) */
}

static KLPS_KEEP int ratio(int num, int den)
{
	return num / check_den(den) + 1;	/* the bug: + 1 */
}

static int klps_report(char *buf, size_t len)
{
	return scnprintf(buf, len, "answer=%d scaled=%d ratio=%d", answer(), scale(100, 7), ratio(84, 4));
}

MODULE_DESCRIPTION("klpscope proto target foo v1: scale(int base, int x), ratio(int num, int den)");
