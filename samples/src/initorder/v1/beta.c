// SPDX-License-Identifier: GPL-2.0
/* initorder scenario: the helper() the patches mean (.text). */
#include <linux/compiler.h>

static noinline __noipa __used int helper(void)
{
	return 200;
}

int beta_value(void);
int beta_value(void)
{
	return helper();
}
