package dev.klpscope.cli;

import dev.klpscope.report.MiniJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code show --accept FILE} and {@code --ignore CHECK[:TARGET]}, as {@code check} takes them, over the patch file's own
 * findings. The sample (samples/broken/elf-alloc-name.ko, derived from seed_lp1) has an allocated section whose name
 * lies outside the name table and a .modinfo cut short: two refusals of the file and an info.
 */
class ShowAcceptAndIgnoreTest {

    private static final String PATCH = "samples/broken/elf-alloc-name.ko";

    private static List<Map<String, Object>> findings(CliRun run) {
        return MiniJson.array(MiniJson.object(MiniJson.parse(run.out())).get("findings")).stream()
                .map(MiniJson::object).toList();
    }

    private static List<Map<String, Object>> refused(List<Map<String, Object>> findings) {
        return findings.stream().filter(f -> f.get("severity").equals("refused")).toList();
    }

    @Test
    void showListsTheIdsCheckGivesThePatchFilesFindings() {
        CliRun show = CliRun.of("show", PATCH, "--format", "json");
        assertEquals(1, show.exit(), show.err());
        List<Object> shown = findings(show).stream().map(f -> f.get("id")).toList();
        assertTrue(refused(findings(show)).size() >= 2, show.out());
        List<Object> checked = findings(CliRun.of("check", PATCH, "--format", "json")).stream()
                .filter(f -> !f.get("check").equals("objname-match")).map(f -> f.get("id")).toList();
        assertEquals(checked, shown, "the same ids, so one accept file serves both");
        assertTrue(findings(show).stream().allMatch(f -> f.get("suppressed") == null), "nothing suppressed");
    }

    @Test
    void acceptedFindingsLeaveShowsGateAndAreMarkedInTextAndJson(@TempDir Path dir) throws IOException {
        List<Map<String, Object>> bad = refused(findings(CliRun.of("show", PATCH, "--format", "json")));
        StringBuilder file = new StringBuilder("# reviewed\n");
        bad.forEach(f -> file.append(f.get("id")).append('\n'));
        Path accept = Files.writeString(dir.resolve("accepted.txt"), file);

        CliRun json = CliRun.of("show", PATCH, "--format", "json", "--accept", accept);
        assertEquals(0, json.exit(), json.err());
        assertEquals("", json.err(), "every id matched");
        for (Map<String, Object> f : findings(json)) {
            assertEquals(f.get("severity").equals("refused") ? "accepted" : null, f.get("suppressed"), f.toString());
        }
        assertEquals(List.of(), MiniJson.array(MiniJson.object(MiniJson.parse(json.out())).get("unusedSuppressions")));

        CliRun text = CliRun.of("show", PATCH, "--accept", accept);
        assertEquals(0, text.exit(), text.err());
        List<String> problems = text.out().lines().filter(l -> l.startsWith("  refused ") || l.startsWith("  info "))
                .toList();
        assertEquals(bad.size() + 1, problems.size(), text.out());
        problems.forEach(l -> assertEquals(l.startsWith("  refused "), l.endsWith(" [accepted]"), l));
        assertFalse(CliRun.of("show", PATCH).out().contains("[accepted]"), "nothing marked without --accept");

        assertEquals(1, CliRun.of("show", PATCH, "--accept", accept, "--fail-on", "info").exit(),
                "the info finding still counts at --fail-on info");
        Path some = Files.writeString(dir.resolve("some.txt"), bad.get(0).get("id") + "\n");
        assertEquals(1, CliRun.of("show", PATCH, "--accept", some).exit(), "one refusal left");
    }

    @Test
    void ignoredChecksLeaveShowsGateAndAreMarked() {
        List<Object> args = new ArrayList<>(List.of("show", PATCH));
        refused(findings(CliRun.of("show", PATCH, "--format", "json"))).stream().map(f -> f.get("check")).distinct()
                .forEach(c -> args.addAll(List.of("--ignore", c)));
        CliRun text = CliRun.of(args.toArray());
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().lines().filter(l -> l.startsWith("  refused ")).allMatch(l -> l.endsWith(" [ignored]")),
                text.out());
        args.addAll(List.of("--format", "json"));
        refused(findings(CliRun.of(args.toArray()))).forEach(f -> assertEquals("ignored", f.get("suppressed")));
    }

    @Test
    void unusedRulesAreWarnedAndListedAsCheckDoesIt(@TempDir Path dir) throws IOException {
        Path accept = Files.writeString(dir.resolve("accepted.txt"), "# none of these\n\nvermagic-0123456789ab\n");
        CliRun run = CliRun.of("show", PATCH, "--format", "json", "--accept", accept, "--ignore", "crc-match");
        assertEquals(1, run.exit(), run.err());
        assertEquals(List.of("klpscope: warning: " + accept + ":3: accepted id vermagic-0123456789ab matches no finding (stale)",
                "klpscope: warning: --ignore crc-match matches no finding"), run.errLines());
        List<Object> unused = MiniJson.array(MiniJson.object(MiniJson.parse(run.out())).get("unusedSuppressions"));
        assertEquals(2, unused.size(), unused.toString());
        assertEquals(Map.of("option", "accept", "rule", "vermagic-0123456789ab", "file", accept.toString(), "line", 3L),
                MiniJson.object(unused.get(0)));
    }

    @Test
    void badRulesAndAcceptFilesAreUnusableAsInCheck(@TempDir Path dir) throws IOException {
        CliRun.of("show", PATCH, "--accept", dir.resolve("none.txt")).assertUnusable("none.txt");
        CliRun.of("show", PATCH, "--ignore", ":elf-sections").assertUnusable("--ignore");
        Path bad = Files.writeString(dir.resolve("bad.txt"), "# ok\nelf-sections 5c11096b4460\n");
        CliRun.of("show", PATCH, "--accept", bad).assertUnusable(bad + ":2");
        Path accept = Files.writeString(dir.resolve("accepted.txt"), "");
        CliRun.of("show", PATCH, "--accept", accept, "--output", accept).assertUnusable("accepted.txt");
    }
}
