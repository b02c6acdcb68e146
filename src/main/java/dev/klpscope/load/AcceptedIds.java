package dev.klpscope.load;

import dev.klpscope.report.Suppressions;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** An {@code --accept} file: finding ids of known, reviewed findings, read the same way by both front ends. */
public final class AcceptedIds {

    /** A finding id as JSON {@code findings[].id} spells it: check id, 12 hex digits, {@code -N} for a repeat. */
    private static final Pattern FINDING_ID = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*-[0-9a-f]{12}(?:-[1-9][0-9]*)?");

    private AcceptedIds() {
    }

    /**
     * One id per line; {@code #} starts a comment, blank lines and surrounding spaces are allowed.
     *
     * @throws IllegalArgumentException naming the file (and line) when it is not UTF-8 text or a line is no finding id
     */
    public static List<Suppressions.Accepted> read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not a text file of finding ids (not UTF-8)", e);
        }
        List<Suppressions.Accepted> ids = new ArrayList<>();
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1);
            int hash = line.indexOf('#');
            String id = (hash < 0 ? line : line.substring(0, hash)).strip();
            if (id.isEmpty()) {
                continue;
            }
            if (!FINDING_ID.matcher(id).matches()) {
                // Said before anything is checked: a typo would otherwise only show up as a stale id, after a failed gate.
                throw new IllegalArgumentException(file + ":" + n + ": '" + id + "' is not a finding id (CHECK-<12 hex "
                        + "digits>, as JSON findings[].id gives it)");
            }
            ids.add(new Suppressions.Accepted(id, file.toString(), n));
        }
        return ids;
    }
}
