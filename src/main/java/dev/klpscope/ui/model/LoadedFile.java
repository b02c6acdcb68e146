package dev.klpscope.ui.model;

import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.livepatch.Livepatch;
import dev.klpscope.livepatch.LivepatchReader;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelObjectReader;

import java.nio.file.Path;

/** A file read from disk, sorted by what it turned out to be. Reading is slow: never on the UI thread. */
public sealed interface LoadedFile {

    Path path();

    record Patch(Path path, Livepatch livepatch) implements LoadedFile {
    }

    record Candidate(Path path, KernelObject object) implements LoadedFile {
    }

    /** @param problem one line naming the file and what is wrong with it */
    record Unusable(Path path, String problem) implements LoadedFile {
    }

    /**
     * Reads a file once and decides: a livepatch ({@code livepatch=Y} or klp relocation sections) or a
     * candidate (any other module or vmlinux).
     */
    static LoadedFile read(Path path) {
        try {
            KernelObject object = KernelObjectReader.read(path);
            boolean klpSections = object.sections().stream().anyMatch(s -> s.name().startsWith(".klp.rela."));
            if (object.isLivepatch() || klpSections) {
                return new Patch(path, LivepatchReader.read(object));
            }
            return new Candidate(path, object);
        } catch (MalformedInputException e) {
            return new Unusable(path, e.getMessage());
        } catch (RuntimeException e) {
            // A reader bug must not take the window down: name the file and keep going.
            return new Unusable(path, path + ": could not be read (" + e + ")");
        }
    }
}
