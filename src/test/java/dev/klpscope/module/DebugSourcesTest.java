package dev.klpscope.module;

import dev.klpscope.SampleFiles;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.MalformedInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Debug files paired with candidates by GNU build id, on the seed scenario: {@code seed/vN/foo.ko} (stripped as Debian
 * ships modules), {@code seed/unstripped/vN/foo.ko} (the same builds with their DWARF, as Debian's {@code -dbg}
 * modules are) and {@code seed/debug/foo.ko.debug.xz} ({@code objcopy --only-keep-debug} of the unstripped v2, as an
 * RPM {@code debuginfo} or {@code /usr/lib/debug/.build-id} file is). Build ids read with {@code readelf -n}.
 */
class DebugSourcesTest {

    private static final String V1_ID = "5a32069dea87c0879a1df6a945a172b5df26be9e";
    private static final String V2_ID = "484cbc38a2647bbbc8e4edec2a48bef6cca2e65e";

    @TempDir
    Path tmp;

    private static KernelObject object(String sample) {
        return KernelObjectReader.read(SampleFiles.path(sample));
    }

    private static DebugFile debug(String sample) {
        Path p = SampleFiles.path(sample);
        return DebugFile.read(p, sample);
    }

    @Test
    void aSeparateDebugFileIsToldByItsContentsAndAModuleIsNot() {
        assertTrue(DebugFile.isDebugOnly(ElfImage.open(SampleFiles.path("seed/debug/foo.ko.debug.xz"))));
        // Unstripped and stripped modules keep their code: loadable, so candidates.
        assertFalse(DebugFile.isDebugOnly(ElfImage.open(SampleFiles.path("seed/unstripped/v2/foo.ko"))));
        assertFalse(DebugFile.isDebugOnly(ElfImage.open(SampleFiles.path("seed/v2/foo.ko"))));
        assertTrue(DebugFile.hasDwarf(ElfImage.open(SampleFiles.path("seed/unstripped/v2/foo.ko"))));
        assertFalse(DebugFile.hasDwarf(ElfImage.open(SampleFiles.path("seed/v2/foo.ko"))));
    }

    @Test
    void eachCandidateGetsTheDebugFileOfItsBuildIdAndAnUnpairedOneIsOneProblemNamingIt() {
        KernelObject v1 = object("seed/v1/foo.ko");
        KernelObject v2 = object("seed/v2/foo.ko");
        DebugSources sources = new DebugSources(List.of(debug("seed/unstripped/v2/foo.ko"),
                debug("seed/unstripped/seed_lp1.ko")), List.of());
        DebugSources.Pairing p = sources.pair(List.of(v1, v2));
        assertEquals(Optional.of("seed/unstripped/v2/foo.ko"), p.files().fileOf(v2).map(DebugFile::reported));
        assertEquals(Optional.empty(), p.files().fileOf(v1));
        assertEquals(List.of(V2_ID), List.copyOf(p.files().all().keySet()));
        assertEquals(1, p.problems().size(), p.problems()::toString);
        assertTrue(p.problems().get(0).startsWith("seed/unstripped/seed_lp1.ko: debug file of build id "), p.problems()::toString);
        assertTrue(p.problems().get(0).contains("pairs with no candidate"), p.problems()::toString);
    }

    @Test
    void twoDifferentDebugFilesOfOneBuildIdUseTheFirstByNameWhateverTheOrderGiven() {
        KernelObject v2 = object("seed/v2/foo.ko");
        DebugFile full = debug("seed/unstripped/v2/foo.ko");
        DebugFile separate = debug("seed/debug/foo.ko.debug.xz");
        assertEquals(V2_ID, separate.buildId());
        for (List<DebugFile> order : List.of(List.of(full, separate), List.of(separate, full))) {
            DebugSources.Pairing p = new DebugSources(order, List.of()).pair(List.of(v2));
            // "seed/debug/..." sorts before "seed/unstripped/...".
            assertEquals(Optional.of("seed/debug/foo.ko.debug.xz"), p.files().fileOf(v2).map(DebugFile::reported));
            assertEquals(List.of("seed/unstripped/v2/foo.ko: another debug file of build id " + V2_ID
                    + " (seed/debug/foo.ko.debug.xz) differs from it; seed/debug/foo.ko.debug.xz is used"), p.problems());
        }
    }

    @Test
    void copiesWithTheSameBytesAreOneAndNoProblem() throws IOException {
        Path copy = tmp.resolve("foo.ko");
        Files.copy(SampleFiles.path("seed/unstripped/v2/foo.ko"), copy);
        DebugSources s = new DebugSources(List.of(debug("seed/unstripped/v2/foo.ko"), DebugFile.read(copy, copy.toString())),
                List.of());
        DebugSources.Pairing p = s.pair(List.of(object("seed/v2/foo.ko")));
        assertEquals(List.of(), p.problems());
        assertEquals(1, p.files().all().size());
    }

    @Test
    void aBuildIdFolderIsLookedUpAsGdbDoes() throws IOException {
        Path folder = buildIdFolder(V2_ID);
        DebugSources.Pairing p = new DebugSources(List.of(), List.of(folder)).pair(
                List.of(object("seed/v1/foo.ko"), object("seed/v2/foo.ko")));
        assertEquals(List.of(), p.problems());
        Path expected = folder.resolve(V2_ID.substring(0, 2)).resolve(V2_ID.substring(2) + ".debug");
        assertEquals(Map.of(V2_ID, expected), p.files().all());
    }

    @Test
    void aCandidateWithItsOwnDwarfIsNotLookedUpAndAMisnamedFileIsAProblem() throws IOException {
        // v1's id naming v2's debug file: found, read, and refused as carrying another id.
        Path folder = buildIdFolder(V1_ID);
        DebugSources.Pairing p = new DebugSources(List.of(), List.of(folder)).pair(List.of(object("seed/v1/foo.ko")));
        assertEquals(Map.of(), p.files().all());
        assertEquals(1, p.problems().size(), p.problems()::toString);
        assertTrue(p.problems().get(0).contains("named for build id " + V1_ID + " but carries " + V2_ID), p.problems()::toString);
        // The unstripped v1 carries DWARF: no lookup, so no problem either.
        assertEquals(List.of(), new DebugSources(List.of(), List.of(folder))
                .pair(List.of(object("seed/unstripped/v1/foo.ko"))).problems());
    }

    @Test
    void aFileWithoutDwarfIsNotADebugFileAndTheMessageNamesIt() {
        MalformedInputException e = assertThrows(MalformedInputException.class,
                () -> debug("seed/seed_lp1.ko"));
        assertTrue(e.getMessage().startsWith("seed/seed_lp1.ko: "), e.getMessage());
        assertTrue(e.getMessage().contains("no DWARF"), e.getMessage());
    }

    /** {@code tmp/.build-id/xx/yyyy….debug} holding v2's unstripped copy (Debian links it so), named for {@code id}. */
    private Path buildIdFolder(String id) throws IOException {
        Path folder = tmp.resolve(".build-id");
        Path file = folder.resolve(id.substring(0, 2)).resolve(id.substring(2) + ".debug");
        Files.createDirectories(file.getParent());
        try (InputStream in = Files.newInputStream(SampleFiles.path("seed/unstripped/v2/foo.ko"))) {
            Files.copy(in, file);
        }
        return folder;
    }
}
