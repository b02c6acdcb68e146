// SPDX-License-Identifier: GPL-2.0
/*
 * varlayout scenario, foo v1: a per-CPU struct { hits; misses; }. Per-CPU variables are the ones BTF
 * encodes as VAR (pahole's default on 6.1 and 6.12), so the layout of foo_stats is in foo.ko's .BTF.
 */
#include <linux/percpu.h>
#include "klps_target.h"

struct foo_stats {
	unsigned long hits;
	unsigned long misses;
};

DEFINE_PER_CPU(struct foo_stats, foo_stats) = { .hits = 7, .misses = 3 };

static KLPS_KEEP unsigned long get_hits(void)
{
	return 1;		/* the bug: ignores foo_stats.hits */
}

static int klps_report(char *buf, size_t len)
{
	return scnprintf(buf, len, "get_hits=%lu hits=%lu misses=%lu", get_hits(),
			 this_cpu_read(foo_stats.hits), this_cpu_read(foo_stats.misses));
}

MODULE_DESCRIPTION("klpscope varlayout target foo v1 (hits, misses)");
