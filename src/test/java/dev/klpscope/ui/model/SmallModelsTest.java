package dev.klpscope.ui.model;

import dev.klpscope.ui.export.SafeSave;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.prefs.Preferences;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmallModelsTest {

    @Test
    void safeSaveRefusesInputsAndReplacesAtomically(@TempDir Path dir) throws IOException {
        Path input = Files.writeString(dir.resolve("in.ko"), "elf");
        assertThrows(IOException.class, () -> SafeSave.write(input, new byte[]{1}, List.of(input.toString())));
        assertEquals("elf", Files.readString(input));
        Path out = dir.resolve("sub/report.md");
        SafeSave.write(out, "one".getBytes(), List.of(input.toString()));
        SafeSave.write(out, "two".getBytes(), List.of(input.toString()));
        assertEquals("two", Files.readString(out));
        try (var files = Files.list(out.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void windowPlacementIsRestoredOnlyOnAScreen() throws Exception {
        Preferences prefs = Preferences.userRoot().node("/dev/klpscope/ui-test/placement");
        try {
            WindowPlacement w = new WindowPlacement(prefs);
            w.save(new WindowPlacement.Bounds(100, 50, 800, 600), false);
            var screen = List.of(new WindowPlacement.Bounds(0, 0, 1600, 1000));
            assertEquals(800, w.restore(screen).orElseThrow().width());
            w.save(new WindowPlacement.Bounds(3000, 50, 800, 600), false);
            assertTrue(w.restore(screen).isEmpty(), "the monitor it was on is gone");
        } finally {
            prefs.removeNode();
        }
    }

    @Test
    void recentFilesNewestFirstWithoutDuplicates(@TempDir Path dir) throws Exception {
        Preferences prefs = Preferences.userRoot().node("/dev/klpscope/ui-test/recent");
        try {
            RecentFiles r = new RecentFiles(prefs);
            Path a = Files.writeString(dir.resolve("a.ko"), "");
            Path b = Files.writeString(dir.resolve("b.ko"), "");
            r.add(a);
            r.add(b);
            r.add(a);
            assertEquals(List.of(a, b), r.list());
        } finally {
            prefs.removeNode();
        }
    }
}
