package dev.klpscope.check;

/**
 * How a variable's section lets it be accessed (livepatch-format.md §4 class 5): moving between {@code .data}
 * and {@code .bss} is harmless; into read-only data makes writes fault; into or out of the per-CPU area
 * changes addressing altogether.
 */
enum SectionClass {
    DATA("writable data"),
    READ_ONLY("read-only data"),
    RO_AFTER_INIT("read-only after init"),
    PER_CPU("per-CPU data"),
    TEXT("code"),
    OTHER("other");

    final String label;

    SectionClass(String label) {
        this.label = label;
    }

    /** Writes fault: read-only data, and read-only-after-init data once init is over (when patches run). */
    boolean readOnly() {
        return this == READ_ONLY || this == RO_AFTER_INIT;
    }

    static SectionClass of(String section) {
        if (section.startsWith(".data..percpu")) {
            return PER_CPU;
        }
        if (section.startsWith(".data..ro_after_init")) {
            return RO_AFTER_INIT;
        }
        if (section.startsWith(".rodata") || section.startsWith("__ksymtab") || section.equals(".modinfo")) {
            return READ_ONLY;
        }
        if (section.startsWith(".data") || section.startsWith(".bss") || section.startsWith(".init.data")) {
            return DATA;
        }
        if (section.startsWith(".text") || section.startsWith(".init.text") || section.startsWith(".exit.text")) {
            return TEXT;
        }
        return OTHER;
    }

    /** What moving a variable from {@code from} to {@code to} does to code built for {@code from}; null when harmless. */
    static String effect(SectionClass from, SectionClass to) {
        if (from == to) {
            return null;
        }
        if (to.readOnly()) {
            return "writes from the patched code fault (" + to.label + ")";
        }
        if (from == PER_CPU || to == PER_CPU) {
            return "per-CPU variables are addressed differently: the patched code reads the wrong memory";
        }
        if (to == TEXT) {
            return "the name is now in code";
        }
        return "its section changed (" + from.label + " to " + to.label + ")";
    }
}
