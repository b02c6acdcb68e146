// SPDX-License-Identifier: GPL-2.0
/*
 * hooks scenario: replaces six functions of foo v1. The kernel loads it; what klpscope says of each:
 * worker_loop and wait_ready keep the transition pending while foo's kthread sleeps in them
 * (transition-stall), fill_table's fix never runs for a foo already loaded (init-only-callers), answer is on
 * foo's error-injection list (tracing-clash), scale and nap are plain.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <linux/kthread.h>
#include <linux/sched.h>

static int livepatch_worker_loop(void *data)
{
	while (!kthread_should_stop())
		schedule_timeout_interruptible(2 * HZ);
	return 0;
}

static int livepatch_wait_ready(void)
{
	return 0;
}

static void livepatch_nap(void)
{
}

static int livepatch_scale(int x, int factor)
{
	return x * factor;
}

static void livepatch_fill_table(int seed)
{
}

extern int ticks;

static int livepatch_answer(void)
{
	return 42 + (READ_ONCE(ticks) & 0);
}

static struct klp_func funcs[] = {
	{ .old_name = "worker_loop", .new_func = livepatch_worker_loop, },
	{ .old_name = "wait_ready", .new_func = livepatch_wait_ready, },
	{ .old_name = "nap", .new_func = livepatch_nap, },
	{ .old_name = "scale", .new_func = livepatch_scale, },
	{ .old_name = "fill_table", .new_func = livepatch_fill_table, },
	{ .old_name = "answer", .new_func = livepatch_answer, },
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

static int hooks_lp_init(void)
{
	return klp_enable_patch(&patch);
}

static void hooks_lp_exit(void)
{
}

module_init(hooks_lp_init);
module_exit(hooks_lp_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpscope hooks patch: replaces worker_loop, wait_ready, nap, scale, fill_table, answer");
