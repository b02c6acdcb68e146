// SPDX-License-Identifier: GPL-2.0
/*
 * sympos scenario, foo: answer() is what the patch replaces; solo() is a
 * unique static; alpha.c and beta.c each have a static helper().
 */
#include "klps_target.h"

int alpha_value(void);
int beta_value(void);

static KLPS_KEEP int solo(void)
{
	return 7;
}

static KLPS_KEEP int answer(void)
{
	return 0;
}

static int klps_report(char *buf, size_t len)
{
	return scnprintf(buf, len, "answer=%d solo=%d alpha=%d beta=%d",
			 answer(), solo(), alpha_value(), beta_value());
}

MODULE_DESCRIPTION("klpscope sympos target foo");
