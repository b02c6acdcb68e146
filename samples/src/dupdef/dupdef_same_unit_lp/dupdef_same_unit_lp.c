// SPDX-License-Identifier: GPL-2.0
/*
 * dupdef_same_unit_lp: replaces thermal_get_temp() (drivers/acpi/thermal.c) with code that counts in its own
 * static 'off'. thermal.c has a static 'off' of its own (its "off" module parameter), which the replaced code's
 * unit uses: the patch's copy splits that state. Built to be inspected, not loaded.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/thermal.h>

static int off;

static int livepatch_thermal_get_temp(struct thermal_zone_device *thermal, int *temp)
{
	*temp = off++;
	return 0;
}

static struct klp_func funcs[] = {
	{
		.old_name = "thermal_get_temp",
		.new_func = livepatch_thermal_get_temp,
	}, { }
};

static struct klp_object objs[] = {
	{
		/* name being NULL means vmlinux */
		.funcs = funcs,
	}, { }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int dupdef_same_unit_lp_init(void)
{
	return klp_enable_patch(&patch);
}

static void dupdef_same_unit_lp_exit(void)
{
}

module_init(dupdef_same_unit_lp_init);
module_exit(dupdef_same_unit_lp_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klpscope dupdef patch: its own static 'off' where thermal.c's replaced code uses thermal.c's");
MODULE_INFO(livepatch, "Y");
