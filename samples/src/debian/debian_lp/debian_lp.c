// SPDX-License-Identifier: GPL-2.0
/*
 * debian scenario: a livepatch for Debian's own net/sched/sch_codel.ko.
 *
 * Between ABI 6.1.0-47 and 6.1.0-57 Debian's sch_codel changed: 57 split
 * codel_qdisc_dequeue() (2042 bytes in 47) into a static
 * __codel_qdisc_dequeue() (1884 bytes) and a small codel_qdisc_dequeue()
 * wrapper (81 bytes) that flushes the drop counters, and added codel_peek().
 *
 * This patch, built against the 57 headers, replaces codel_qdisc_dequeue()
 * with the 57 code, calling the static __codel_qdisc_dequeue() through
 * .klp.sym.sch_codel.__codel_qdisc_dequeue,0.  sch_codel 57: resolves (the new
 * function is the module's own code again); sch_codel 47: no such symbol,
 * the kernel refuses.  The patch can be loaded before sch_codel: its
 * relocations are then applied when sch_codel loads (klp_module_coming).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/livepatch.h>
#include <net/pkt_sched.h>
#include <net/codel.h>

/* sch_codel.c's private data, same definition (6.1). */
struct codel_sched_data {
	struct codel_params	params;
	struct codel_vars	vars;
	struct codel_stats	stats;
	u32			drop_overlimit;
};

/* Static in sch_codel 6.1.0-57, absent from 6.1.0-47. */
extern struct sk_buff *__codel_qdisc_dequeue(struct Qdisc *sch);

static struct sk_buff *livepatch_codel_qdisc_dequeue(struct Qdisc *sch)
{
	struct codel_sched_data *q = qdisc_priv(sch);
	struct sk_buff *skb;

	skb = __codel_qdisc_dequeue(sch);
	/* We can't call qdisc_tree_reduce_backlog() if our qlen is 0,
	 * or HTB crashes. Defer it for next round.
	 */
	if (q->stats.drop_count) {
		qdisc_tree_reduce_backlog(sch, q->stats.drop_count, q->stats.drop_len);
		q->stats.drop_count = 0;
		q->stats.drop_len = 0;
	}
	return skb;
}

static struct klp_func funcs[] = {
	{ .old_name = "codel_qdisc_dequeue", .new_func = livepatch_codel_qdisc_dequeue, },
	{ }
};

static struct klp_object objs[] = {
	{ .name = "sch_codel", .funcs = funcs, },
	{ }
};

static struct klp_patch patch = {
	.mod = THIS_MODULE,
	.objs = objs,
};

static int debian_lp_init(void)
{
	return klp_enable_patch(&patch);
}

static void debian_lp_exit(void)
{
}

module_init(debian_lp_init);
module_exit(debian_lp_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpscope debian patch: sch_codel codel_qdisc_dequeue via __codel_qdisc_dequeue");
