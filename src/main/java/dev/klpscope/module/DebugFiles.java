package dev.klpscope.module;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Separate debug files ({@code objcopy --only-keep-debug} output: an RPM {@code debuginfo} file,
 * {@code /usr/lib/debug/.build-id/xx/….debug}; or Debian's {@code -dbg} modules, full copies with their DWARF) by
 * the GNU build id of the object they describe, as {@link DebugSources#pair} paired them. A debug file is never a
 * candidate of its own: it lends its DWARF to the object with the same build id.
 */
public final class DebugFiles {

    /** No debug file given or found. */
    public static final DebugFiles NONE = new DebugFiles(Map.of());

    private final Map<String, DebugFile> byBuildId;

    private DebugFiles(Map<String, DebugFile> byBuildId) {
        this.byBuildId = Map.copyOf(byBuildId);
    }

    /** {@code byBuildId}: lower-case hex build id → the debug file carrying that id (reported by its path). */
    public static DebugFiles of(Map<String, Path> byBuildId) {
        Map<String, DebugFile> files = new LinkedHashMap<>();
        byBuildId.forEach((id, path) -> files.put(id, new DebugFile(path, path.toString(), id)));
        return paired(files);
    }

    /** Build id → debug file, as paired. */
    static DebugFiles paired(Map<String, DebugFile> byBuildId) {
        return byBuildId.isEmpty() ? NONE : new DebugFiles(byBuildId);
    }

    /** The debug file of {@code object}, paired by its build id, where to read it; empty when it has none. */
    public Optional<Path> of(KernelObject object) {
        return fileOf(object).map(DebugFile::file);
    }

    /** As {@link #of(KernelObject)}, with how reports name the file ({@code PACKAGE:MEMBER} for a package member). */
    public Optional<DebugFile> fileOf(KernelObject object) {
        return object.buildId().map(id -> byBuildId.get(id.toLowerCase(Locale.ROOT)));
    }

    /** Every pairing, build id → file to read. */
    public Map<String, Path> all() {
        Map<String, Path> out = new LinkedHashMap<>();
        byBuildId.forEach((id, f) -> out.put(id, f.file()));
        return out;
    }
}
