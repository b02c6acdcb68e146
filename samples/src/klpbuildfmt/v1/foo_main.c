// SPDX-License-Identifier: GPL-2.0
/*
 * klpbuildfmt scenario, foo: answer() and beta.c's helper() (helper,2) are
 * what the patch replaces; solo() is a unique static the patch calls;
 * alpha.c and beta.c each have a static helper().
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
	return scnprintf(buf, len, "answer=%d alpha=%d beta=%d", answer(), alpha_value(), beta_value());
}

MODULE_DESCRIPTION("klpscope klpbuildfmt target foo");
