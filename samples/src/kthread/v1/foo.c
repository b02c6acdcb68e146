// SPDX-License-Identifier: GPL-2.0
/*
 * kthread scenario, foo v1: init starts the kthread klps_worker, whose
 * function worker() loops until kthread_stop(): each pass records which
 * worker() runs (loop_version) and what step() returned, then sleeps
 * 100 ms in msleep_interruptible(), so worker() is on the kthread's stack
 * whenever the livepatch transition looks at it.
 */
#define KLPS_START
#include "klps_target.h"
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/kthread.h>

static int loop_version;
static int last_step;
static struct task_struct *worker_task;

static KLPS_KEEP int one(void)
{
	return 1;
}

static KLPS_KEEP int step(void)
{
	return one();
}

static KLPS_KEEP int worker(void *data)
{
	while (!kthread_should_stop()) {
		WRITE_ONCE(loop_version, 1);
		WRITE_ONCE(last_step, step());
		msleep_interruptible(100);
	}
	return 0;
}

static int klps_report(char *buf, size_t len)
{
	return scnprintf(buf, len, "loop=%d step=%d", READ_ONCE(loop_version), READ_ONCE(last_step));
}

static int klps_start(void)
{
	worker_task = kthread_run(worker, NULL, "klps_worker");
	return PTR_ERR_OR_ZERO(worker_task);
}

static void klps_stop(void)
{
	kthread_stop(worker_task);
}

MODULE_DESCRIPTION("klpscope kthread target foo v1 (kthread klps_worker loops in worker())");
