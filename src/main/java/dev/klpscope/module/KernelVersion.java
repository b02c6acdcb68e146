package dev.klpscope.module;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kernel's major.minor version, the granularity at which the module loader and livepatch core change. Read from
 * the release at the start of a {@code vermagic} ("6.12.95+deb12-amd64 SMP preempt ..." is 6.12): a module loads
 * only on the kernel whose release its vermagic names (modversions aside), so that is the kernel whose rules apply.
 */
public record KernelVersion(int major, int minor) implements Comparable<KernelVersion> {

    private static final Pattern RELEASE = Pattern.compile("^\\s*(\\d{1,4})\\.(\\d{1,4})(?![\\d])");

    public static Optional<KernelVersion> fromVermagic(String vermagic) {
        Matcher m = RELEASE.matcher(vermagic);
        return m.find() ? Optional.of(new KernelVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))))
                : Optional.empty();
    }

    public static KernelVersion of(int major, int minor) {
        return new KernelVersion(major, minor);
    }

    public boolean atLeast(int major, int minor) {
        return compareTo(of(major, minor)) >= 0;
    }

    @Override
    public int compareTo(KernelVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
