// SPDX-License-Identifier: GPL-2.0
/* changed scenario, foo v1: compute() as the patch was built against. */
#include "klps_target.h"

static KLPS_KEEP int scale(void)
{
	return 2;
}

static KLPS_KEEP int compute(int x)
{
	return x * scale();
}

static int klps_report(char *buf, size_t len)
{
	return scnprintf(buf, len, "compute(5)=%d compute(-5)=%d", compute(5), compute(-5));
}

MODULE_DESCRIPTION("klpscope changed target foo v1");
