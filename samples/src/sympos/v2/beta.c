// SPDX-License-Identifier: GPL-2.0
/* sympos scenario v2: beta's helper() is gone (folded into beta_value). */
#include <linux/compiler.h>

int beta_value(void)
{
	return 200;
}
