// SPDX-License-Identifier: GPL-2.0
/* multiobj scenario, bar v2: bar_base() was renamed bar_offset(). */
#include "klps_target.h"

static KLPS_KEEP int bar_offset(void)
{
	return 20;
}

static KLPS_KEEP int bar_answer(void)
{
	return 0;
}

static int klps_report(char *buf, size_t len)
{
	return scnprintf(buf, len, "bar_answer=%d bar_offset=%d", bar_answer(), bar_offset());
}

MODULE_DESCRIPTION("klpscope multiobj target bar v2 (bar_base renamed)");
