/*
 * Seed of the `dwarf` fuzz target (ReadersFuzzTest#dwarf): one small relocatable object with the shapes the DWARF
 * reader follows in kernel code. Rebuild with make.sh (gcc 12, as kbuild: -g -O2 -c, DWARF 5 and 4).
 */
typedef unsigned long long u64;
enum mode { MODE_OFF, MODE_ON = 4, MODE_MAX = 0x7fffffff };
struct list_head { struct list_head *next, *prev; };
union value { u64 wide; int narrow[2]; struct { short lo, hi; } half; };
struct stats {
	const char *name;
	unsigned int hits : 3, misses : 13, live : 1;
	enum mode mode;
	union value v;
	struct list_head list;
	int grid[2][3];
	int (*show)(struct stats *s, const char *fmt, ...);
	volatile long flags;
	char tail[];
};
static int show(struct stats *s, const char *fmt, ...) { return s->hits + fmt[0]; }
struct stats seed_stats = { .name = "seed", .show = show };
static struct stats *seed_ptr = &seed_stats;
extern struct stats seed_declared;
int seed_read(struct stats *s, enum mode m)
{
	return s->show(s, "%d", m) + seed_ptr->misses + seed_declared.live;
}
