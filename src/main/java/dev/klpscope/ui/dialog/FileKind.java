package dev.klpscope.ui.dialog;

import java.util.List;

/**
 * A kind of file a dialog offers, as a name and glob patterns ({@code *.png}); the first kind is the default filter.
 *
 * @param description what the user reads in the dialog's filter list
 * @param patterns    globs the native dialog filters by
 */
public record FileKind(String description, List<String> patterns) {

    /** Modules and vmlinux files, and debug files ({@code *.debug}: paired with them by build id, never candidates). */
    public static final FileKind KERNEL_OBJECTS = new FileKind("Kernel objects",
            List.of("*.ko", "*.ko.xz", "*.ko.zst", "*.ko.gz", "vmlinux*", "*.debug"));
    /** Kernel packages {@code check --kernels} reads (load.KernelCandidates). */
    public static final FileKind KERNEL_PACKAGES = new FileKind("Kernel packages", List.of("*.deb", "*.ddeb", "*.udeb", "*.rpm"));
    public static final FileKind ANY = new FileKind("All files", List.of("*"));
    public static final FileKind PNG = new FileKind("PNG image", List.of("*.png"));

    public FileKind {
        patterns = List.copyOf(patterns);
    }
}
