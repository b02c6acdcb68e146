// SPDX-License-Identifier: GPL-2.0
/*
 * rodata scenario, foo v2: foo_limit became const: it now lives in .rodata,
 * which is read-only once the module is loaded.
 */
#include "klps_target.h"

const int foo_limit = 10;		/* global, not exported */

static KLPS_KEEP int answer(void)
{
	return 0;
}

static int klps_report(char *buf, size_t len)
{
	return scnprintf(buf, len, "answer=%d foo_limit=%d", answer(), READ_ONCE(foo_limit));
}

MODULE_DESCRIPTION("klpscope rodata target foo v2");
