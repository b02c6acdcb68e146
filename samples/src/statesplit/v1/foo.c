// SPDX-License-Identifier: GPL-2.0
/* statesplit scenario, foo v1: no foo_state (the patch adds one). */
#include "klps_target.h"

static KLPS_KEEP int base(void)
{
	return 100;
}

static KLPS_KEEP int answer(void)
{
	return base();
}

static int klps_report(char *buf, size_t len)
{
	return scnprintf(buf, len, "answer=%d", answer());
}

MODULE_DESCRIPTION("klpscope statesplit target foo v1");
