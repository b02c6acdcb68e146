// SPDX-License-Identifier: GPL-2.0
/*
 * kthread scenario: replaces worker(), the main loop of foo's kthread
 * klps_worker, with one that records loop_version 2 (loop_version, last_step
 * and step through .klp.sym.foo.*,0).  Loaded after foo, the transition
 * never completes: klps_worker never leaves the old worker() (it sleeps in
 * msleep_interruptible() called from it, and the kernel's fake signal only
 * wakes it into the same loop), so /sys/kernel/livepatch/kthread_lp/transition
 * stays 1 and the new worker() never runs.  Loaded before foo, the kthread
 * starts in the new worker() and the patch completes at once.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/livepatch.h>

extern int loop_version;	/* foo's statics: klp relocations */
extern int last_step;
extern int step(void);

static int livepatch_worker(void *data)
{
	while (!kthread_should_stop()) {
		WRITE_ONCE(loop_version, 2);
		WRITE_ONCE(last_step, step());
		msleep_interruptible(100);
	}
	return 0;
}

static struct klp_func funcs[] = {
	{ .old_name = "worker", .new_func = livepatch_worker, },
	{ }
};

static struct klp_object objs[] = {
	{ .name = "foo", .funcs = funcs, },
	{ }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int kthread_lp_init(void)
{
	return klp_enable_patch(&patch);
}

static void kthread_lp_exit(void)
{
}

module_init(kthread_lp_init);
module_exit(kthread_lp_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpscope kthread patch: replaces the kthread's loop worker()");
