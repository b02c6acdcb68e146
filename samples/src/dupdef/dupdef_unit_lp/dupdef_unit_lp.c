// SPDX-License-Identifier: GPL-2.0
/*
 * dupdef_unit_lp: replaces cmdline_proc_show() (fs/proc/cmdline.c) with one that counts its calls in its own
 * static 'off'. Debian's 6.1 vmlinux has three statics called 'off' (thermal.c, cpufreq.c, cpuidle.c), none in
 * fs/proc/cmdline.c: the replaced code could never have meant one of them, so nothing is split.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

static unsigned long off;

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	off++;
	seq_printf(m, "dupdef_unit_lp: calls=%lu\n", off);
	return 0;
}

static struct klp_func funcs[] = {
	{
		.old_name = "cmdline_proc_show",
		.new_func = livepatch_cmdline_proc_show,
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

static int dupdef_unit_lp_init(void)
{
	return klp_enable_patch(&patch);
}

static void dupdef_unit_lp_exit(void)
{
}

module_init(dupdef_unit_lp_init);
module_exit(dupdef_unit_lp_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klpscope dupdef patch: its own static 'off' used by the replaced cmdline_proc_show()");
MODULE_INFO(livepatch, "Y");
