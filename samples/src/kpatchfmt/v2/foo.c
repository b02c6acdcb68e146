// SPDX-License-Identifier: GPL-2.0
/*
 * kpatchfmt scenario, foo v2: compute() got its own fix (negative inputs
 * clamped to 0), so its size differs from the old_size the patch recorded;
 * bias() is unchanged.
 */
#include "klps_target.h"

static KLPS_KEEP int scale(void)
{
	return 3;
}

static KLPS_KEEP int compute(int x)
{
	if (x < 0) {
		pr_warn_once("foo: compute(%d): negative input clamped\n", x);
		return 0;
	}
	return x * scale();
}

static KLPS_KEEP int bias(void)
{
	return 1;
}

static int klps_report(char *buf, size_t len)
{
	return scnprintf(buf, len, "compute(4)=%d compute(-4)=%d bias=%d", compute(4), compute(-4), bias());
}

MODULE_DESCRIPTION("klpscope kpatchfmt target foo v2 (compute clamps negatives)");
