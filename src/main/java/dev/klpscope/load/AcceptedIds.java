package dev.klpscope.load;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** An {@code --accept} file: finding ids of known, reviewed findings, read the same way by both front ends. */
public final class AcceptedIds {

    private AcceptedIds() {
    }

    /**
     * One id per line; {@code #} starts a comment, blank lines and surrounding spaces are allowed.
     *
     * @throws IllegalArgumentException naming the file when it is not UTF-8 text
     */
    public static Set<String> read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not a text file of finding ids (not UTF-8)", e);
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String line : lines) {
            int hash = line.indexOf('#');
            String id = (hash < 0 ? line : line.substring(0, hash)).strip();
            if (!id.isEmpty()) {
                ids.add(id);
            }
        }
        return ids;
    }
}
