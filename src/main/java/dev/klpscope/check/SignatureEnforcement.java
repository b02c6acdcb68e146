package dev.klpscope.check;

/**
 * Whether the modelled kernel enforces module signatures, and how ({@code kernel/module/signing.c},
 * {@code module_sig_check()}): {@code sig_enforce} starts as {@code CONFIG_MODULE_SIG_FORCE} and
 * {@code module.sig_enforce=1} sets it; when it is not set, {@code security_locked_down(LOCKDOWN_MODULE_SIGNATURE)}
 * still refuses under lockdown (Debian: {@code CONFIG_LOCK_DOWN_IN_EFI_SECURE_BOOT}, or {@code lockdown=integrity}).
 */
public enum SignatureEnforcement {
    /** Not enforced: an untrusted module loads and taints the kernel. */
    NONE,
    /** {@code module.sig_enforce=1}. */
    SIG_ENFORCE,
    /** The build's own {@code sig_enforce} is set ({@code CONFIG_MODULE_SIG_FORCE}). */
    BUILT_FORCED,
    /** Lockdown (integrity or confidentiality) with {@code sig_enforce} unset. */
    LOCKDOWN;

    public boolean enforced() {
        return this != NONE;
    }
}
