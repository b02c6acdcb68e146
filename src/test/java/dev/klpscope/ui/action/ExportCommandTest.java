package dev.klpscope.ui.action;

import dev.klpscope.ui.dialog.FakeDialogs;
import dev.klpscope.ui.dialog.FileKind;
import dev.klpscope.ui.model.Jobs;
import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.model.SampleScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exports without a stage: where to save comes from a fake dialog, the save runs inline. */
class ExportCommandTest {

    static final Path SAMPLES = SampleScenario.samplesDir().orElseThrow();

    final FakeDialogs dialogs = new FakeDialogs();
    final MainViewModel vm = new MainViewModel(Jobs.INLINE);

    private ExportCommand export(String text) {
        return new ExportCommand(vm, Jobs.INLINE, dialogs, new FileKind("Text", List.of("*.txt")),
                () -> vm.getInspection().patch().name() + ".txt", () -> {
            String taken = text + " " + vm.getInspection().patch().name();
            return () -> taken.getBytes(StandardCharsets.UTF_8);
        }).needingResult();
    }

    @Test
    void executableOnceThereIsAResult() {
        ExportCommand command = export("x");
        assertFalse(command.isExecutable(), "nothing to export yet");
        vm.open(SAMPLES.resolve("seed/seed_lp1.ko"), List.of(SAMPLES.resolve("seed/v1/foo.ko")));
        assertTrue(command.isExecutable());
    }

    @Test
    void writesWhereTheUserSaysAndNamesIt(@TempDir Path dir) throws Exception {
        vm.open(SAMPLES.resolve("seed/seed_lp1.ko"), List.of(SAMPLES.resolve("seed/v1/foo.ko")));
        Path out = dir.resolve("out.txt");
        dialogs.willPick(out);
        export("report of").execute();
        assertEquals(List.of("Export Text: seed_lp1.txt"), dialogs.asked);
        assertEquals("report of seed_lp1", Files.readString(out));
        assertEquals("Saved " + out, vm.statusProperty().get());
    }

    @Test
    void cancellingWritesNothing(@TempDir Path dir) throws Exception {
        vm.open(SAMPLES.resolve("seed/seed_lp1.ko"), List.of(SAMPLES.resolve("seed/v1/foo.ko")));
        export("x").execute();
        assertEquals(1, dialogs.asked.size());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    /** A copy is opened, so that a broken guard overwrites the copy, never a committed sample. */
    @Test
    void neverOverwritesAnInput(@TempDir Path dir) throws Exception {
        Path patch = Files.copy(SAMPLES.resolve("seed/seed_lp1.ko"), dir.resolve("seed_lp1.ko"));
        vm.open(patch, List.of(SAMPLES.resolve("seed/v1/foo.ko")));
        byte[] before = Files.readAllBytes(patch);
        dialogs.willPick(patch);
        export("x").execute();
        assertArrayEquals(before, Files.readAllBytes(patch));
        assertTrue(vm.problems().get(0).contains(patch + ": is one of the loaded inputs"), vm.problems().toString());
    }
}
