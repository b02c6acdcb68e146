// SPDX-License-Identifier: GPL-2.0
/*
 * vmlinux scenario: a patch whose object is vmlinux (klp_object .name = NULL),
 * like the kernel's samples/livepatch/livepatch-sample.c: it replaces
 * cmdline_proc_show() (static, fs/proc/cmdline.c), so "cat /proc/cmdline"
 * shows what the patch sees, and it reads two non-exported vmlinux symbols
 * of Debian's 6.1.0-57-amd64 through klp relocations:
 *
 *   core_pattern  fs/coredump.c, static char[128], unique:   .klp.sym.vmlinux.core_pattern,0
 *   pmus          two statics of that name in 6.1.0-57:       .klp.sym.vmlinux.pmus,2
 *                   by address: #1 kernel/events/core.c (.data, 16 bytes, a list_head),
 *                               #2 arch/x86/events/amd/uncore.c (.bss, 2736 bytes);
 *                 6.1.0-47 has only the first one.
 *
 * vmlinux relocations are applied when the patch module itself loads, so on a
 * kernel without a second pmus the insmod of this patch fails.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/seq_file.h>

extern char core_pattern[];	/* -> .klp.sym.vmlinux.core_pattern,0 */
extern char pmus_2[];		/* -> .klp.sym.vmlinux.pmus,2 (see klp-convert.spec) */

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "vmlinux_lp: core_pattern=%s " KLPS_DUP "=%px first_word=%lx\n",
		   core_pattern, pmus_2, *(unsigned long *)pmus_2);
	return 0;
}

static struct klp_func funcs[] = {
	{ .old_name = "cmdline_proc_show", .new_func = livepatch_cmdline_proc_show, },
	{ }
};

static struct klp_object objs[] = {
	{ /* .name = NULL: vmlinux */ .funcs = funcs, },
	{ }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int vmlinux_lp_init(void)
{
	return klp_enable_patch(&patch);
}

static void vmlinux_lp_exit(void)
{
}

module_init(vmlinux_lp_init);
module_exit(vmlinux_lp_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpscope vmlinux patch: cmdline_proc_show reading core_pattern and pmus,2");

/*
 * Newer kernels (samples/build.sh --kernel 6.12 or 7.3): their vmlinux has one static pmus only
 * (arch/x86/events/amd/uncore.c's is gone), so their klp-convert-<major>.<minor>.spec binds
 * pmus_2 to .klp.sym.vmlinux.mm_slots_hash,2 instead: two statics of that name, #1 by address
 * mm/khugepaged.c's (.data), #2 mm/ksm.c's (.bss), which comes first in .symtab as uncore.c's pmus does
 * in 6.1. Kbuild sets KLPS_DUP, the label printed for it ("pmus,2" on 6.1, "mm_slots_hash,2" on the
 * others), so the 6.1 module is byte for byte what it was.
 */
