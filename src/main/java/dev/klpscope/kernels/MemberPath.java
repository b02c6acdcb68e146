package dev.klpscope.kernels;

import dev.klpscope.module.ModuleName;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * What a path inside a package or folder is, by name alone: a module (by kbuild's file-name rules), a vmlinux, or
 * nothing a patch can name; and the kernel release the path places it in ({@code lib/modules/RELEASE/...},
 * {@code boot/vmlinux-RELEASE}, {@code usr/lib/debug/...}).
 */
final class MemberPath {

    private MemberPath() {
    }

    /**
     * A member a patch names.
     *
     * @param object  the object name ({@code vmlinux}, or the module name with underscores)
     * @param release the release the path says, empty when it says none (a build folder's {@code vmlinux})
     * @param debug   under {@code usr/lib/debug}: an unstripped copy
     */
    record Match(String object, Optional<String> release, boolean debug) {
    }

    /** A module's separate debug file in an RPM {@code debuginfo} package: {@code usr/lib/debug/lib/modules/R/…/x.ko.debug}. */
    private static final String DEBUG_MODULE_SUFFIX = ".ko.debug";
    private static final String DEBUG_SUFFIX = ".debug";
    private static final String[] MODULE_SUFFIXES = {".ko", ".ko.xz", ".ko.zst", ".ko.gz", DEBUG_MODULE_SUFFIX};
    static final String VMLINUX = "vmlinux";
    /** The compressed kernel (x86 bzImage) a {@code linux-image} package ships: read for its BTF only. */
    static final String VMLINUZ = "vmlinuz";
    static final String SYSTEM_MAP = "System.map";
    /**
     * The object name a build's exports file is found under ({@code Module.symvers}, {@code symvers-R.gz}): not a
     * candidate, the {@code System.map}'s partner ({@link SymversPairing}).
     */
    static final String SYMVERS = "Module.symvers";

    /**
     * An archive member's name made relative and plain ({@code ./lib/x} → {@code lib/x}), or empty when it escapes
     * the package's root: absolute, or with a {@code ..} segment.
     */
    static Optional<String> normalize(String name) {
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        if (n.startsWith("/") || n.contains("\0")) {
            return Optional.empty();
        }
        for (String segment : n.split("/")) {
            if (segment.equals("..")) {
                return Optional.empty();
            }
        }
        return Optional.of(n);
    }

    /** Whether the file name looks like an object a patch could name, before knowing what the patch names. */
    static boolean isObjectName(String fileName) {
        return moduleName(fileName).isPresent() || fileName.equals(VMLINUX) || fileName.startsWith(VMLINUX + "-")
                || isVmlinuz(fileName)
                || isSystemMap(fileName) || isSymvers(fileName);
    }

    /** {@code path} (a relative, normalized path with {@code /}) as an object of {@code wanted}, if it is one. */
    static Optional<Match> match(String path, Set<String> wanted) {
        String[] segments = path.split("/");
        String fileName = segments[segments.length - 1];
        boolean debug = path.startsWith("usr/lib/debug/") || path.contains("/usr/lib/debug/");
        Optional<String> modulesRelease = afterSegments(segments, "lib", "modules");
        Optional<String> module = moduleName(fileName);
        if (module.isPresent()) {
            return wanted.contains(module.get())
                    ? Optional.of(new Match(module.get(), modulesRelease, debug)) : Optional.empty();
        }
        if (!wanted.contains(VMLINUX)) {
            return Optional.empty();
        }
        if (fileName.startsWith(VMLINUX + "-") && segments.length >= 2 && segments[segments.length - 2].equals("boot")) {
            String release = fileName.substring(VMLINUX.length() + 1);
            return Releases.plausible(release) ? Optional.of(new Match(VMLINUX, Optional.of(release), debug)) : Optional.empty();
        }
        if (fileName.startsWith(VMLINUZ + "-") && segments.length >= 2 && segments[segments.length - 2].equals("boot")) {
            // the bzImage (boot/vmlinuz-R; 7.x: usr/lib/modules/R/vmlinuz): a BTF base, never a candidate (no symbols)
            String release = fileName.substring(VMLINUZ.length() + 1);
            return Releases.plausible(release) ? Optional.of(new Match(VMLINUX, Optional.of(release), debug)) : Optional.empty();
        }
        if (fileName.equals(VMLINUZ) && modulesRelease.isPresent()) {
            return Optional.of(new Match(VMLINUX, modulesRelease, debug));
        }
        if (fileName.equals(VMLINUX)) {
            // Fedora's kernel-debuginfo: usr/lib/debug/lib/modules/RELEASE/vmlinux; a build folder: vmlinux at its top.
            return Optional.of(new Match(VMLINUX, modulesRelease, debug));
        }
        Optional<String> mapRelease = systemMapRelease(path);
        if (mapRelease.isPresent() || fileName.equals(SYSTEM_MAP)) {
            // vmlinux's symbols without the vmlinux (boot/System.map-R, lib/modules/R/System.map, a build folder's):
            // taken only when the build has no vmlinux (KernelBuilds.choose)
            return Optional.of(new Match(VMLINUX, mapRelease.or(() -> modulesRelease), debug));
        }
        if (isSymvers(fileName)) {
            return Optional.of(new Match(SYMVERS, symversRelease(segments).or(() -> modulesRelease), debug));
        }
        return Optional.empty();
    }

    /** {@code sch-codel.ko.xz} → {@code sch_codel} (kbuild's name rules); empty for anything not a module file. */
    static Optional<String> moduleName(String fileName) {
        for (String suffix : MODULE_SUFFIXES) {
            if (fileName.endsWith(suffix) && fileName.length() > suffix.length()) {
                String file = suffix.equals(DEBUG_MODULE_SUFFIX) ? fileName.substring(0, fileName.length() - DEBUG_SUFFIX.length()) : fileName;
                return Optional.of(ModuleName.fromFileName(Path.of(file)));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the file is named as a separate debug file ({@code x.ko.debug}, {@code .build-id/xx/yyyy.debug}): it
     * lends DWARF by build id and is never a candidate, whatever its contents.
     */
    static boolean isSeparateDebug(String fileName) {
        return fileName.endsWith(DEBUG_SUFFIX);
    }

    /** The segment after {@code first/second/} in the path ({@code lib/modules/R/...} → R), if it is a release. */
    private static Optional<String> afterSegments(String[] segments, String first, String second) {
        for (int i = 0; i + 3 < segments.length; i++) {
            if (segments[i].equals(first) && segments[i + 1].equals(second) && Releases.plausible(segments[i + 2])) {
                return Optional.of(segments[i + 2]);
            }
        }
        return Optional.empty();
    }

    /** The release a path places its file in ({@code lib/modules/R/...}, {@code boot/vmlinux-R}), if any. */
    static Optional<String> release(String path) {
        String[] segments = path.split("/");
        Optional<String> modules = afterSegments(segments, "lib", "modules");
        if (modules.isPresent()) {
            return modules;
        }
        String fileName = segments[segments.length - 1];
        int dash = fileName.indexOf('-');
        return segments.length >= 2 && segments[segments.length - 2].equals("boot") && dash > 0
                && Releases.plausible(fileName.substring(dash + 1))
                ? Optional.of(fileName.substring(dash + 1)) : Optional.empty();
    }

    /** {@code System.map} or {@code System.map-RELEASE}: a vmlinux's symbols without the vmlinux. */
    /** A vmlinuz by its name ({@code vmlinuz-R}, 7.x's {@code vmlinuz}): a BTF base, never a candidate. */
    static boolean isVmlinuz(String fileName) {
        return fileName.equals(VMLINUZ) || fileName.startsWith(VMLINUZ + "-");
    }

    static boolean isSystemMap(String fileName) {
        return fileName.equals(SYSTEM_MAP) || fileName.startsWith(SYSTEM_MAP + "-");
    }

    /**
     * A build's exports: {@code Module.symvers} (a build folder; {@code usr/src/linux-headers-R/} of Debian's and
     * Ubuntu's {@code linux-headers}), {@code symvers-R.gz} (Fedora's and SUSE's {@code /boot}), {@code symvers.gz}
     * (Fedora's {@code lib/modules/R/}); also {@code .xz}, {@code .zst} or plain.
     */
    static boolean isSymvers(String fileName) {
        String base = fileName.replaceFirst("\\.(gz|xz|zst)$", "");
        return fileName.equals(SYMVERS) || base.equals("symvers") || base.startsWith("symvers-");
    }

    /** {@code usr/src/linux-headers-R/Module.symvers} → R, {@code boot/symvers-R.gz} → R. */
    private static Optional<String> symversRelease(String[] segments) {
        String fileName = segments[segments.length - 1];
        String base = fileName.replaceFirst("\\.(gz|xz|zst)$", "");
        if (base.startsWith("symvers-") && Releases.plausible(base.substring("symvers-".length()))) {
            return Optional.of(base.substring("symvers-".length()));
        }
        String headers = "linux-headers-";
        if (segments.length >= 2 && segments[segments.length - 2].startsWith(headers)
                && Releases.plausible(segments[segments.length - 2].substring(headers.length()))) {
            return Optional.of(segments[segments.length - 2].substring(headers.length()));
        }
        return Optional.empty();
    }

    /** {@code boot/System.map-RELEASE}: the release, if the path is one. */
    static Optional<String> systemMapRelease(String path) {
        String fileName = path.substring(path.lastIndexOf('/') + 1);
        String prefix = "System.map-";
        return fileName.startsWith(prefix) && Releases.plausible(fileName.substring(prefix.length()))
                ? Optional.of(fileName.substring(prefix.length())) : Optional.empty();
    }
}
