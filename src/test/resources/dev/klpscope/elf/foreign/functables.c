/*
 * Input of make-foreign.sh: the patched-function tables of kpatch (.kpatch.funcs) and klp-build
 * (.init.klp_objects/.init.klp_funcs) as plain C, for the livepatch decoders on ELF32 and big-endian
 * objects. Not a kernel module: the struct layouts are those of the kernel headers, written out here.
 */
struct kpatch_patch_func {
	unsigned long new_addr, new_size, old_addr, old_size, sympos;
	char *name, *objname;
};

struct klp_callbacks {
	int (*pre_patch)(void *obj);
	void (*post_patch)(void *obj);
	void (*pre_unpatch)(void *obj);
	void (*post_unpatch)(void *obj);
	_Bool post_unpatch_enabled;
};

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

int new_alpha(void) { return 1; }
int new_beta(void) { return 2; }

#define STR(sec, var, s) static const char var[] __attribute__((section(sec), used)) = s
STR(".kpatch.strings", k_alpha, "alpha");
STR(".kpatch.strings", k_beta, "beta");
STR(".kpatch.strings", k_mod, "mod");
STR(".kpatch.strings", k_vmlinux, "vmlinux");

static struct kpatch_patch_func kfuncs[] __attribute__((section(".kpatch.funcs"), used)) = {
	{ (unsigned long)new_alpha, 0, 0, 0x1234, 0, (char *)k_alpha, (char *)k_mod },
	{ (unsigned long)new_beta, 0, 0, 0x56, 3, (char *)k_beta, (char *)k_vmlinux },
};

STR(".rodata.klp.str1.1", s_alpha, "alpha");
STR(".rodata.klp.str1.1", s_beta, "beta");
STR(".rodata.klp.str1.1", s_mod, "mod");

static struct klp_func_ext f_vmlinux[] __attribute__((section(".init.klp_funcs"), used)) = {
	{ s_beta, new_beta, 3 },
};
static struct klp_func_ext f_mod[] __attribute__((section(".init.klp_funcs"), used)) = {
	{ s_alpha, new_alpha, 0 },
	{ s_beta, new_beta, 2 },
};
static struct klp_object_ext objs[] __attribute__((section(".init.klp_objects"), used)) = {
	{ 0, f_vmlinux, { 0 }, 1 },
	{ s_mod, f_mod, { 0 }, 2 },
};
