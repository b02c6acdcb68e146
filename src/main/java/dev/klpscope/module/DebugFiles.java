package dev.klpscope.module;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Separate debug files ({@code objcopy --only-keep-debug} output: Debian's {@code -dbg} modules, an RPM
 * {@code debuginfo} file, {@code /usr/lib/debug/.build-id/xx/….debug}) by the GNU build id of the object they
 * describe. A debug file is never a candidate of its own: it lends its DWARF to the object with the same build id.
 */
public final class DebugFiles {

    /** No debug file given or found. */
    public static final DebugFiles NONE = new DebugFiles(Map.of());

    private final Map<String, Path> byBuildId;

    private DebugFiles(Map<String, Path> byBuildId) {
        this.byBuildId = Map.copyOf(byBuildId);
    }

    /** {@code byBuildId}: lower-case hex build id → the debug file carrying that id. */
    public static DebugFiles of(Map<String, Path> byBuildId) {
        return byBuildId.isEmpty() ? NONE : new DebugFiles(byBuildId);
    }

    /** The debug file of {@code object}, paired by its build id; empty when it has none or none was given. */
    public Optional<Path> of(KernelObject object) {
        return object.buildId().map(id -> byBuildId.get(id.toLowerCase(java.util.Locale.ROOT)));
    }

    /** Every pairing, build id → file. */
    public Map<String, Path> all() {
        return byBuildId;
    }
}
