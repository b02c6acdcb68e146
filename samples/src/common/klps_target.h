/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared boilerplate for klpscope sample target modules.
 *
 * A target module defines
 *     static int klps_report(char *buf, size_t len);
 * which calls the module's entry path (the functions a livepatch replaces or
 * references) and formats what they return.  This header adds:
 *   - a read-only module parameter "probe" whose get handler calls
 *     klps_report(), so "cat /sys/module/<name>/parameters/probe" shows the
 *     live values (after a livepatch was applied, too);
 *   - module init/exit; init pr_info()s the same line.  A target that
 *     defines KLPS_START before including this header also defines
 *     static int klps_start(void) and static void klps_stop(void): init
 *     calls the first after its line (e.g. to start a kthread), exit the
 *     second.
 *
 * KLPS_KEEP marks functions that must survive gcc -O2 as real, named
 * symbols: noinline and noipa (no cloning into .isra/.constprop, no return
 * value propagation into callers) and __used (kept even if static and unused).
 */
#ifndef KLPS_TARGET_H
#define KLPS_TARGET_H

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/kernel.h>
#include <linux/sysfs.h>

#define KLPS_KEEP noinline __noipa __used

static int klps_report(char *buf, size_t len);
#ifdef KLPS_START
static int klps_start(void);
static void klps_stop(void);
#endif

static int klps_probe_get(char *buffer, const struct kernel_param *kp)
{
	char line[200];

	klps_report(line, sizeof(line));
	return sysfs_emit(buffer, "%s\n", line);
}

static const struct kernel_param_ops klps_probe_ops = {
	.get = klps_probe_get,
};
module_param_cb(probe, &klps_probe_ops, NULL, 0444);
MODULE_PARM_DESC(probe, "read: call the module's entry path and print the results");

static int __init klps_init(void)
{
	char line[200];

	klps_report(line, sizeof(line));
	pr_info("%s: %s\n", KBUILD_MODNAME, line);
#ifdef KLPS_START
	return klps_start();
#else
	return 0;
#endif
}

static void __exit klps_exit(void)
{
#ifdef KLPS_START
	klps_stop();
#endif
}

module_init(klps_init);
module_exit(klps_exit);
MODULE_LICENSE("GPL");

#endif /* KLPS_TARGET_H */
