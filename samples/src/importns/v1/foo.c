// SPDX-License-Identifier: GPL-2.0
/* importns scenario, foo v1: foo_scale() is exported GPL-only, in no namespace. */
#include "klps_target.h"

int foo_scale(int x)
{
	return x * 3;
}
EXPORT_SYMBOL_GPL(foo_scale);

static KLPS_KEEP int base(void)
{
	return 10;
}

static KLPS_KEEP int answer(void)
{
	return 1;
}

static int klps_report(char *buf, size_t len)
{
	return scnprintf(buf, len, "answer=%d base=%d", answer(), base());
}

MODULE_DESCRIPTION("klpscope importns target foo v1");
