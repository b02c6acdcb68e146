// SPDX-License-Identifier: GPL-2.0
/* dashname scenario: file foo-bar.ko, runtime module name foo_bar. */
#include "klps_target.h"

static KLPS_KEEP int base(void)
{
	return 10;
}

static KLPS_KEEP int answer(void)
{
	return 0;
}

static int klps_report(char *buf, size_t len)
{
	return scnprintf(buf, len, "answer=%d", answer());
}

MODULE_DESCRIPTION("klpscope dashname target foo-bar (runtime name foo_bar)");
