// SPDX-License-Identifier: GPL-2.0
/* klpbuildfmt scenario, v2: beta.c's helper() was folded into beta_value(); one helper is left. */
#include <linux/compiler.h>

noinline int beta_value(void)
{
	return 200;
}
