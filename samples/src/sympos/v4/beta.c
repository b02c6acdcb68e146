// SPDX-License-Identifier: GPL-2.0
/*
 * sympos scenario v4: beta.c gains its own static solo(), so solo (sympos 0
 * in the patch) is no longer unique.
 */
#include <linux/compiler.h>

static noinline __noipa __used int helper(void)
{
	return 200;
}

static noinline __noipa __used int solo(void)
{
	return 8;
}

int beta_value(void)
{
	return helper() + solo() - 8;
}
