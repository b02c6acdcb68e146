// SPDX-License-Identifier: GPL-2.0
/*
 * changed scenario, foo v2: compute() got its own fix (negative inputs are
 * clamped to 0); the livepatch built for v1 replaces it wholesale and would
 * revert that fix.
 */
#include "klps_target.h"

static KLPS_KEEP int scale(void)
{
	return 2;
}

static KLPS_KEEP int compute(int x)
{
	if (x < 0) {
		pr_warn_once("foo: compute(%d): negative input clamped\n", x);
		return 0;
	}
	return x * scale();
}

static int klps_report(char *buf, size_t len)
{
	return scnprintf(buf, len, "compute(5)=%d compute(-5)=%d", compute(5), compute(-5));
}

MODULE_DESCRIPTION("klpscope changed target foo v2 (compute clamps negatives)");
