// SPDX-License-Identifier: GPL-2.0
/* klpbuildfmt scenario, v1: second static helper() of foo (sympos 2), the one the patch replaces. */
#include <linux/compiler.h>

static noinline __noipa __used int helper(void)
{
	return 200;
}

int beta_value(void)
{
	return helper();
}
