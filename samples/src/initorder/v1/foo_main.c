// SPDX-License-Identifier: GPL-2.0
/*
 * initorder scenario, foo: two statics called helper(), alpha.c's in
 * .init.text (freed after module init), beta.c's in .text.
 */
#include "klps_target.h"

int beta_value(void);

static KLPS_KEEP int answer(void)
{
	return 0;
}

static int klps_report(char *buf, size_t len)
{
	return scnprintf(buf, len, "answer=%d beta=%d", answer(), beta_value());
}

MODULE_DESCRIPTION("klpscope initorder target foo");
