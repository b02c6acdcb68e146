package dev.klpscope.check;

/**
 * How the patched code oopses when a name binds to memory that cannot be accessed the way the code does. Modules
 * and vmlinux are mapped with CONFIG_STRICT_KERNEL_RWX / CONFIG_STRICT_MODULE_RWX (neither can be turned off on x86-64): data
 * not executable, code and read-only data not writable, {@code .data..ro_after_init} read-only once init is over
 * (kernel/module/strict_rwx.c). The kernel checks none of it when it resolves {@code .klp.sym} names; the first
 * access faults. The kernel's lines are those of arch/x86/mm/fault.c show_fault_oops() as 6.1 printed them
 * (samples/kernel-log/kindswap.log and rodata.log).
 */
enum Fault {
    /** A call or jump to a variable: instruction fetch from a non-executable page. */
    EXECUTES_DATA("will jump into data, which is not executable, and oops",
            "kernel tried to execute NX-protected page - exploit attempt? (uid: %d) | BUG: unable to handle page fault "
                    + "for address: %px | #PF: supervisor instruction fetch in kernel mode | #PF: error_code(0x0011) - "
                    + "permissions violation"),
    /** A store into read-only data. */
    WRITES_READ_ONLY("the write will fault and oops", Fault.WRITE_LINES),
    /** A store into a function: code is read-only. */
    WRITES_CODE("will write into code, which is read-only, and oops", Fault.WRITE_LINES);

    private static final String WRITE_LINES = "BUG: unable to handle page fault for address: %px | #PF: supervisor write "
            + "access in kernel mode | #PF: error_code(0x0003) - permissions violation";

    /** Why the first access faults. */
    static final String WHY = "The kernel checks neither kind nor section of what a name binds to; strict RWX maps data "
            + "non-executable and code and read-only data read-only, so the patched code faults the first time it runs there.";

    final String what;
    final String kernelLines;

    Fault(String what, String kernelLines) {
        this.what = what;
        this.kernelLines = kernelLines;
    }
}
