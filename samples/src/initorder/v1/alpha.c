// SPDX-License-Identifier: GPL-2.0
/*
 * initorder scenario: an __init static helper(), first in .symtab.  It is in
 * the module's kallsyms only until module init has run.
 */
#include <linux/init.h>
#include <linux/compiler.h>

static noinline __noipa __used __init int helper(void)
{
	return 100;
}
