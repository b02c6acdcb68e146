package dev.klpscope.module;

import java.nio.file.Path;

/** Runtime module names: what {@code .modinfo name=} says, or what kbuild would derive from the file name. */
public final class ModuleName {

    private ModuleName() {
    }

    /** {@code kvm-intel.ko.xz} → {@code kvm_intel}: kbuild turns dashes into underscores in KBUILD_MODNAME. */
    public static String fromFileName(Path file) {
        String name = file.getFileName().toString();
        for (String ext : new String[]{".xz", ".zst", ".gz"}) {
            if (name.endsWith(ext)) {
                name = name.substring(0, name.length() - ext.length());
            }
        }
        if (name.endsWith(".ko")) {
            name = name.substring(0, name.length() - 3);
        }
        return normalize(name);
    }

    public static String normalize(String name) {
        return name.replace('-', '_');
    }
}
