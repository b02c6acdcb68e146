package dev.klpscope.ui.action;

import dev.klpscope.ui.model.Jobs;
import dev.klpscope.ui.model.MainViewModel;
import dev.klpscope.ui.model.SampleScenario;
import dev.klpscope.ui.model.TreeRow;
import javafx.scene.image.Image;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ctrl+C through a fake clipboard, without a stage: what lands there and what the status line says. */
class CopyRowCommandTest {

    static final Path SAMPLES = SampleScenario.samplesDir().orElseThrow();

    /** Records what is put on it. */
    static final class FakeClipboard implements ClipboardPort {
        final List<String> strings = new ArrayList<>();

        @Override
        public void putString(String text) {
            strings.add(text);
        }

        @Override
        public void putImage(Image image) {
            throw new AssertionError("no image expected");
        }
    }

    /** seed_lp2 against v1 and v2: b is refused by v1 ("symbol 'b' not found"), resolves in v2. */
    @Test
    void copiesTheSelectedTargetRowWithEachCandidatesVerdict() {
        MainViewModel vm = new MainViewModel(Jobs.INLINE);
        vm.open(SAMPLES.resolve("seed/seed_lp2.ko"), List.of(SAMPLES.resolve("seed/v1/foo.ko"),
                SAMPLES.resolve("seed/v2/foo.ko")));
        FakeClipboard clipboard = new FakeClipboard();
        CopyRowCommand copy = new CopyRowCommand(vm, () -> null, clipboard);
        copy.execute();
        assertEquals(List.of(), clipboard.strings, "nothing selected, nothing copied");
        vm.selectedProperty().set(new TreeRow.TargetRow(vm.getInspection().targets().stream()
                .filter(t -> t.symbol().equals("b")).findFirst().orElseThrow()));
        copy.execute();
        assertEquals(1, clipboard.strings.size());
        String[] cells = clipboard.strings.get(0).split("\t");
        assertEquals("b,0", cells[1]);
        assertTrue(cells[5].startsWith("v1: refused"), cells[5]);
        assertTrue(cells[6].startsWith("v2: ok"), cells[6]);
        assertEquals("Copied the selected row", vm.statusProperty().get());
    }
}
