// SPDX-License-Identifier: GPL-2.0
/*
 * statesplit scenario, foo v2: foo defines foo_state itself (what the patch
 * introduced) and other code of foo reads it (foo_state= in probe).
 */
#include "klps_target.h"

int foo_state;			/* global, not exported: same name as the patch's */

static KLPS_KEEP int base(void)
{
	return 100;
}

static KLPS_KEEP int answer(void)
{
	foo_state++;
	return base() + foo_state;
}

static int klps_report(char *buf, size_t len)
{
	int a = answer();

	return scnprintf(buf, len, "answer=%d foo_state=%d", a, READ_ONCE(foo_state));
}

MODULE_DESCRIPTION("klpscope statesplit target foo v2 (own foo_state)");
