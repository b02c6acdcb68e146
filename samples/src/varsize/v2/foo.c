// SPDX-License-Identifier: GPL-2.0
/*
 * varsize scenario, foo v2: foo_level became a long (8 bytes) holding a value
 * above 2^32; a patch built for v1 reads only its low 4 bytes (705032704).
 */
#include "klps_target.h"

long foo_level = 5000000000L;	/* global, not exported; 0x12a05f200 */

static KLPS_KEEP int get_level(void)
{
	return 1;
}

static int klps_report(char *buf, size_t len)
{
	return scnprintf(buf, len, "get_level=%d foo_level=%ld", get_level(), foo_level);
}

MODULE_DESCRIPTION("klpscope varsize target foo v2 (long foo_level)");
