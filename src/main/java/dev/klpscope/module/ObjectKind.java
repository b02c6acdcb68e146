package dev.klpscope.module;

/** What a kernel object file is: a loadable module or the kernel image itself. */
public enum ObjectKind {
    MODULE,
    VMLINUX
}
