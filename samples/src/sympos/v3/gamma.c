// SPDX-License-Identifier: GPL-2.0
/*
 * sympos scenario v3: a new file with a third static helper(), linked before
 * beta.o, so helper position 2 is now this one (300), not beta's (200).
 */
#include <linux/compiler.h>

static noinline __noipa __used int helper(void)
{
	return 300;
}

int gamma_value(void);
int gamma_value(void)
{
	return helper();
}
