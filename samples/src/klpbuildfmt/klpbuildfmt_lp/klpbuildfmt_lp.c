// SPDX-License-Identifier: GPL-2.0
/*
 * klpbuildfmt scenario: a livepatch that carries its function list the way
 * upstream klp-build (Linux >= 6.19, objtool klp diff) emits it
 * (livepatch-format.md §2.3): .init.klp_objects holds struct klp_object_ext
 * (64 bytes on x86_64; name NULL and no relocation for vmlinux) pointing into
 * .init.klp_funcs (struct klp_func_ext, 24 bytes); the names are in
 * .rodata.klp.str1.1.  6.1 has none of these types, so they are defined here,
 * and module init does what scripts/livepatch/init.c does: build a klp_patch
 * (replace = true, klp-build's default) from the table and enable it.
 *
 * Two objects: vmlinux (cmdline_proc_show) and foo (answer() -> solo() + 1,
 * solo() through .klp.sym.foo.solo,0; helper,2 = beta.c's helper -> 250).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/seq_file.h>
#include <linux/livepatch.h>

/* include/linux/livepatch_external.h (6.19) */
struct klp_func_ext {
	const char *old_name;
	void *new_func;
	unsigned long sympos;
};

struct klp_object_ext {
	const char *name;
	struct klp_func_ext *funcs;
	struct klp_callbacks callbacks;
	unsigned int nr_funcs;
};

extern int solo(void);

static int livepatch_cmdline_proc_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", "klpbuildfmt_lp: this has been live patched");
	return 0;
}

static int livepatch_answer(void)
{
	return solo() + 1;
}

static int livepatch_helper(void)
{
	return 250;
}

#define KLP_STR(var, s) static const char var[] __section(".rodata.klp.str1.1") __used = s
KLP_STR(klp_str_cmdline_proc_show, "cmdline_proc_show");
KLP_STR(klp_str_foo, "foo");
KLP_STR(klp_str_answer, "answer");
KLP_STR(klp_str_helper, "helper");

static struct klp_func_ext klp_funcs_vmlinux[] __section(".init.klp_funcs") __used = {
	{ .old_name = klp_str_cmdline_proc_show, .new_func = livepatch_cmdline_proc_show, .sympos = 0 },
};

static struct klp_func_ext klp_funcs_foo[] __section(".init.klp_funcs") __used = {
	{ .old_name = klp_str_answer, .new_func = livepatch_answer, .sympos = 0 },
	{ .old_name = klp_str_helper, .new_func = livepatch_helper, .sympos = 2 },
};

static struct klp_object_ext klp_objects[] __section(".init.klp_objects") __used = {
	{ .name = NULL, .funcs = klp_funcs_vmlinux, .nr_funcs = ARRAY_SIZE(klp_funcs_vmlinux) },
	{ .name = klp_str_foo, .funcs = klp_funcs_foo, .nr_funcs = ARRAY_SIZE(klp_funcs_foo) },
};

static struct klp_patch *patch;

static void klpbuildfmt_free(void)
{
	struct klp_object *obj;

	if (!patch)
		return;
	for (obj = patch->objs; obj && obj->funcs; obj++)
		kfree(obj->funcs);
	kfree(patch->objs);
	kfree(patch);
	patch = NULL;
}

/*
 * What scripts/livepatch/init.c does with the .init.klp_objects table.  kmalloc(__GFP_ZERO) rather
 * than kzalloc(): gcc would clone the inline kzalloc() into kzalloc.constprop.0, a local function that
 * vmlinux has too (klpscope reports such duplicates as info).
 */
static int __init klpbuildfmt_build_patch(void)
{
	size_t nobj = ARRAY_SIZE(klp_objects), i, j;
	struct klp_object *objs;

	BUILD_BUG_ON(sizeof(struct klp_object_ext) != 64 || sizeof(struct klp_func_ext) != 24);
	patch = kmalloc(sizeof(*patch), GFP_KERNEL | __GFP_ZERO);
	objs = kmalloc((nobj + 1) * sizeof(*objs), GFP_KERNEL | __GFP_ZERO);
	if (!patch || !objs) {
		kfree(objs);
		return -ENOMEM;
	}
	patch->mod = THIS_MODULE;
	patch->objs = objs;
	patch->replace = true;
	for (i = 0; i < nobj; i++) {
		struct klp_object_ext *e = &klp_objects[i];
		struct klp_func *funcs = kmalloc((e->nr_funcs + 1) * sizeof(*funcs), GFP_KERNEL | __GFP_ZERO);

		if (!funcs)
			return -ENOMEM;
		objs[i].name = e->name;
		objs[i].funcs = funcs;
		objs[i].callbacks = e->callbacks;
		for (j = 0; j < e->nr_funcs; j++) {
			funcs[j].old_name = e->funcs[j].old_name;
			funcs[j].new_func = e->funcs[j].new_func;
			funcs[j].old_sympos = e->funcs[j].sympos;
		}
	}
	return 0;
}

static int __init klpbuildfmt_lp_init(void)
{
	int ret = klpbuildfmt_build_patch();

	if (!ret)
		ret = klp_enable_patch(patch);
	if (ret)
		klpbuildfmt_free();
	return ret;
}

static void __exit klpbuildfmt_lp_exit(void)
{
	klpbuildfmt_free();
}

module_init(klpbuildfmt_lp_init);
module_exit(klpbuildfmt_lp_exit);
MODULE_LICENSE("GPL");
MODULE_INFO(livepatch, "Y");
MODULE_DESCRIPTION("klpscope klpbuildfmt patch: function list in .init.klp_objects/.init.klp_funcs (klp-build layout)");
