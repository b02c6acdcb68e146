package dev.klpscope.check;

/**
 * How the machine the patch is meant for boots, as far as module signatures go: {@code --sig-enforce}
 * ({@code module.sig_enforce=1} on the kernel command line) and {@code --lockdown} (Secure Boot on Debian, or
 * {@code lockdown=integrity}). Neither: the kernel's own default, its build's {@code CONFIG_MODULE_SIG_FORCE}
 * (read from the vmlinux, {@link SignatureTrust}).
 */
public record SignatureSettings(boolean sigEnforce, boolean lockdown) {

    /** As the kernel is built: Debian's kernels then load untrusted modules with a taint. */
    public static final SignatureSettings AS_BUILT = new SignatureSettings(false, false);

    /** What {@code module_sig_check()} does with {@code builtForced} the build's {@code sig_enforce}. */
    SignatureEnforcement enforcement(boolean builtForced) {
        if (sigEnforce) {
            return SignatureEnforcement.SIG_ENFORCE;
        }
        if (builtForced) {
            return SignatureEnforcement.BUILT_FORCED;
        }
        return lockdown ? SignatureEnforcement.LOCKDOWN : SignatureEnforcement.NONE;
    }
}
