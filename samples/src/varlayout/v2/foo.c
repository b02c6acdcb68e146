// SPDX-License-Identifier: GPL-2.0
/*
 * varlayout scenario, foo v2: the same members in the other order, same size (16 bytes), so st_size and
 * the section of foo_stats are what they were in v1; only the type's layout tells.
 */
#include <linux/percpu.h>
#include "klps_target.h"

struct foo_stats {
	unsigned long misses;
	unsigned long hits;
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

MODULE_DESCRIPTION("klpscope varlayout target foo v2 (misses, hits: reordered)");
