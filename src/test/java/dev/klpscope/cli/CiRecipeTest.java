package dev.klpscope.cli;

import dev.klpscope.report.MiniJson;
import dev.klpscope.report.TestSamples;
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
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The CI recipe in docs/cli.md: every {@code java -jar target/klpscope.jar} line of its fenced blocks, with the
 * seed samples for {@code $PATCH}, {@code $BASELINE} and {@code $CANDIDATES} and an accept file in the job's directory
 * for {@code $ACCEPT}, run as a CI job runs it (the jar's entry point in a child JVM, headless, in a fresh working
 * directory): the gate's status and every report it writes, before and after a review accepts the failing findings.
 */
class CiRecipeTest {

    private static final String JAR = "java -jar target/klpscope.jar ";

    /** {@code $ACCEPT}, as the recipe sets it: a file of the checkout, named relative to the job's directory. */
    private static final String ACCEPT = "klpscope-accept.txt";

    /** An accept file before any review: comments only. */
    private static final String NOTHING_ACCEPTED = "# klpscope: reviewed findings, one id a line (docs/cli.md)\n";

    @TempDir
    Path tmp;

    /** The recipe's command lines, each as the words after {@code java -jar target/klpscope.jar}. */
    static List<String> recipeCommands() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("docs/cli.md"));
        int start = lines.indexOf("## CI recipe");
        assertTrue(start >= 0, "docs/cli.md has a '## CI recipe' section");
        List<String> commands = new ArrayList<>();
        boolean fenced = false;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (line.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            String command = line.strip().replaceFirst("^- ", "");
            if (fenced && command.startsWith(JAR)) {
                commands.add(command.substring(JAR.length()));
            }
        }
        return commands;
    }

    private static List<String> substitute(String command, Path patch, Path baseline, List<Path> candidates) {
        List<String> args = new ArrayList<>();
        for (String word : command.split("\\s+")) {
            switch (word) {
                case "\"$PATCH\"" -> args.add(patch.toAbsolutePath().toString());
                case "\"$BASELINE\"" -> args.add(baseline.toAbsolutePath().toString());
                case "$CANDIDATES" -> candidates.forEach(c -> args.add(c.toAbsolutePath().toString()));
                case "\"$ACCEPT\"" -> args.add(ACCEPT);
                default -> {
                    if (word.contains("$") || word.contains("\"") || word.contains("'") || word.contains("\\")) {
                        fail("shell syntax this test does not model: " + word + " in " + command);
                    }
                    args.add(word);
                }
            }
        }
        return args;
    }

    @Test
    void theRecipeHasOneCommandPerCiSystem() throws IOException {
        List<String> commands = recipeCommands();
        assertEquals(2, commands.size(), commands::toString);
        commands.forEach(c -> assertTrue(c.startsWith("check ") && c.contains("--output json=")
                && c.contains("--output markdown=") && c.contains("--output png=") && c.contains("--accept \"$ACCEPT\""), c));
    }

    @Test
    void failsTheGateOnAKernelThatRefusesThePatchAndStillWritesEveryReport() throws Exception {
        runRecipe(List.of(Seed.V1, Seed.V2), NOTHING_ACCEPTED, 1, true);
    }

    @Test
    void passesTheGateWhenEveryCandidateLoadsThePatch() throws Exception {
        runRecipe(List.of(Seed.V2), NOTHING_ACCEPTED, 0, false);
    }

    /**
     * A review accepts the failing findings by their ids in the job's JSON (as docs/cli.md's jq line lists them): the
     * next run of the same job passes, and the reports still show them, marked accepted.
     */
    @Test
    void passesTheGateOnceTheFailingFindingsAreAccepted() throws Exception {
        for (Path first : runRecipe(List.of(Seed.V1, Seed.V2), NOTHING_ACCEPTED, 1, true)) {
            StringBuilder reviewed = new StringBuilder(NOTHING_ACCEPTED);
            List<String> ids = failing(first.resolve("klpscope.json"));
            assertFalse(ids.isEmpty(), "v1 is refused");
            ids.forEach(id -> reviewed.append(id).append("  # v1 is not shipped any more (review #1)\n"));
            for (Path job : runRecipe(List.of(Seed.V1, Seed.V2), reviewed.toString(), 0, false)) {
                assertEquals(List.of(), failing(job.resolve("klpscope.json")), "nothing left to fail");
                Map<String, Object> report = MiniJson.object(MiniJson.parse(Files.readString(job.resolve("klpscope.json"))));
                long accepted = MiniJson.array(report.get("findings")).stream()
                        .filter(f -> "accepted".equals(MiniJson.object(f).get("suppressed"))).count();
                assertEquals(ids.size(), accepted, "each accepted finding is still reported, marked");
                assertTrue(Files.readString(job.resolve("klpscope.md")).contains("(accepted)"), "the review comment says so");
            }
        }
    }

    /** The ids of the findings at {@code silent} or worse that the gate counted, as docs/cli.md's jq line picks them. */
    private static List<String> failing(Path json) throws IOException {
        return MiniJson.array(MiniJson.object(MiniJson.parse(Files.readString(json))).get("findings")).stream()
                .map(MiniJson::object)
                .filter(f -> f.get("suppressed") == null && List.of("crash", "refused", "silent").contains(f.get("severity")))
                .map(f -> (String) f.get("id")).toList();
    }

    /** Runs every recipe command in a fresh job directory holding the accept file; returns the directories. */
    private List<Path> runRecipe(List<Path> candidates, String accept, int expectedExit, boolean failed) throws Exception {
        List<Path> jobs = new ArrayList<>();
        for (String command : recipeCommands()) {
            Path dir = Files.createTempDirectory(tmp, "job");
            Files.writeString(dir.resolve(ACCEPT), accept);
            List<String> args = substitute(command, Seed.PATCH, Seed.V2, candidates);
            ChildJvm job = ChildJvm.runIn(dir, new byte[0], args.toArray(String[]::new));
            jobs.add(dir);
            assertEquals(expectedExit, job.exit(), () -> command + "\nstderr: " + job.err());
            assertEquals("", job.err(), "no warning: every accepted id matches");
            int outputs = 0;
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i).equals("--output")) {
                    String[] spec = args.get(i + 1).split("=", 2);
                    checkReport(spec[0], dir.resolve(spec[1]), failed);
                    outputs++;
                }
            }
            assertTrue(outputs >= 2, command);
            int format = args.indexOf("--format");
            if (format >= 0 && args.get(format + 1).equals("github")) {
                assertEquals(failed, job.out().contains("::error "), job.out());
                job.out().lines().forEach(l -> assertTrue(l.startsWith("::"), l));
            } else {
                assertTrue(job.out().startsWith("klpscope "), job.out());
            }
        }
        return jobs;
    }

    private static void checkReport(String format, Path file, boolean failed) throws IOException {
        assertTrue(Files.isRegularFile(file), file + " written");
        if (format.equals("png")) {
            // The review image, drawn headless in the job's JVM: a PNG ImageIO reads, at most 1,200 px wide.
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(file.toFile());
            assertTrue(image != null && image.getWidth() <= 1200, file + ": " + image);
            return;
        }
        String text = Files.readString(file);
        assertFalse(text.isBlank(), file.toString());
        switch (format) {
            case "json" -> {
                Map<String, Object> summary = MiniJson.object(MiniJson.object(MiniJson.parse(text)).get("summary"));
                assertEquals(failed, summary.get("failed"), text);
                assertEquals("silent", summary.get("failOn"), text);
                assertEquals(List.of(), summary.get("unusedSuppressions"), text);
            }
            case "markdown" -> assertTrue(text.startsWith("## klpscope") && text.contains("seed_lp2"), text);
            case "html" -> assertTrue(text.contains("<html") && text.strip().endsWith("</html>"), text);
            default -> fail("the recipe writes a format this test does not check: " + format);
        }
    }
}
