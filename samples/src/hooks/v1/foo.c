// SPDX-License-Identifier: GPL-2.0
/*
 * hooks scenario, foo v1: functions a livepatch can replace and still not fix, or not finish replacing.
 *   worker_loop  - a kthread's main loop (kthread_run, while !kthread_should_stop): never leaves the
 *                  worker's stack, so a patch replacing it never finishes its transition (transition-stall);
 *   wait_ready   - sleeps in wait_event_interruptible(), a loop around schedule() (transition-stall);
 *   nap          - one schedule_timeout_interruptible(), no loop (nothing);
 *   fill_table   - called only from module init (init-only-callers);
 *   answer       - on the error-injection list, as ALLOW_ERROR_INJECTION(answer, ERRNO) emits it on a kernel with
 *                  CONFIG_FUNCTION_ERROR_INJECTION (Debian's has it unset, so the macro is spelled out) (tracing-clash);
 *   scale        - called from init and at run time through the probe parameter (nothing).
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/wait.h>
#include <linux/sysfs.h>
#include <asm-generic/error-injection.h>

#define KLPS_KEEP noinline __noipa __used

static struct task_struct *worker;
static DECLARE_WAIT_QUEUE_HEAD(ready_wq);
static int ready;
static int ticks;
static int table[4];

static KLPS_KEEP int wait_ready(void)
{
	return wait_event_interruptible(ready_wq, READ_ONCE(ready) || kthread_should_stop());
}

static KLPS_KEEP void nap(void)
{
	schedule_timeout_interruptible(1);
}

static KLPS_KEEP int worker_loop(void *data)
{
	wait_ready();
	while (!kthread_should_stop()) {
		ticks++;
		schedule_timeout_interruptible(HZ);
	}
	return 0;
}

static KLPS_KEEP int scale(int x, int factor)
{
	return x * factor + (x >> 3);
}

static KLPS_KEEP void fill_table(int seed)
{
	int i;

	for (i = 0; i < 4; i++)
		table[i] = scale(seed, i);
}

static KLPS_KEEP int answer(void)
{
	return 1;
}

static struct error_injection_entry __used __section("_error_injection_whitelist") _eil_addr_answer = {
	.addr = (unsigned long)answer,
	.etype = EI_ETYPE_ERRNO,
};

static int foo_probe_get(char *buffer, const struct kernel_param *kp)
{
	nap();
	return sysfs_emit(buffer, "answer=%d scale=%d table=%d ticks=%d\n", answer(), scale(7, 3), table[3],
			  READ_ONCE(ticks));
}

static const struct kernel_param_ops foo_probe_ops = {
	.get = foo_probe_get,
};
module_param_cb(probe, &foo_probe_ops, NULL, 0444);

static int __init foo_init(void)
{
	fill_table(2);
	worker = kthread_run(worker_loop, NULL, "foo_worker");
	if (IS_ERR(worker))
		return PTR_ERR(worker);
	WRITE_ONCE(ready, 1);
	wake_up_interruptible(&ready_wq);
	return 0;
}

static void __exit foo_exit(void)
{
	kthread_stop(worker);
}

module_init(foo_init);
module_exit(foo_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("klpscope hooks target foo v1 (kthread loop, init-only caller, error-injection entry)");
