// SPDX-License-Identifier: GPL-2.0
/*
 * kpatchfmt scenario, foo v1: the build the kpatch-style patch was made
 * against (its .kpatch.funcs old_size values are compute()'s and bias()'s
 * sizes in this file).
 */
#include "klps_target.h"

static KLPS_KEEP int scale(void)
{
	return 3;
}

static KLPS_KEEP int compute(int x)
{
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

MODULE_DESCRIPTION("klpscope kpatchfmt target foo v1");
