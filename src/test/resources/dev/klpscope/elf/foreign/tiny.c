/* Input of make-foreign.sh: a static function, a global and a static variable, a call, data references. */
int counter = 1;
static int hidden;
extern int ext_value;
extern int ext_func(int);

static __attribute__((noinline)) int helper(int x)
{
	return x + hidden;
}

int entry(int x)
{
	hidden = x;
	counter += helper(x);
	return ext_func(counter) + ext_value;
}

int *counter_ptr = &counter;
