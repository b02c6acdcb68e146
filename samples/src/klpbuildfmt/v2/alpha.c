// SPDX-License-Identifier: GPL-2.0
/* klpbuildfmt scenario: first static helper() of foo (sympos 1). */
#include <linux/compiler.h>

static noinline __noipa __used int helper(void)
{
	return 100;
}

int alpha_value(void)
{
	return helper();
}
