// SPDX-License-Identifier: GPL-2.0
/* sympos scenario: the static helper() the patch means (sympos 2 in v1). */
#include <linux/compiler.h>

static noinline __noipa __used int helper(void)
{
	return 200;
}

int beta_value(void)
{
	return helper();
}
