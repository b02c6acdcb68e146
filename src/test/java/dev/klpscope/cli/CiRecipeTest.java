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
 * seed samples for {@code $PATCH}, {@code $BASELINE} and {@code $CANDIDATES}, run as a CI job runs it (the jar's
 * entry point in a child JVM, headless, in a fresh working directory): the gate's status and every report it writes.
 */
class CiRecipeTest {

    private static final String JAR = "java -jar target/klpscope.jar ";

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
                && c.contains("--output markdown=") && c.contains("--output png="), c));
    }

    @Test
    void failsTheGateOnAKernelThatRefusesThePatchAndStillWritesEveryReport() throws Exception {
        runRecipe(List.of(Seed.V1, Seed.V2), 1, true);
    }

    @Test
    void passesTheGateWhenEveryCandidateLoadsThePatch() throws Exception {
        runRecipe(List.of(Seed.V2), 0, false);
    }

    private void runRecipe(List<Path> candidates, int expectedExit, boolean failed) throws Exception {
        for (String command : recipeCommands()) {
            Path dir = Files.createTempDirectory(tmp, "job");
            List<String> args = substitute(command, Seed.PATCH, Seed.V2, candidates);
            ChildJvm job = ChildJvm.runIn(dir, new byte[0], args.toArray(String[]::new));
            assertEquals(expectedExit, job.exit(), () -> command + "\nstderr: " + job.err());
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
            }
            case "markdown" -> assertTrue(text.startsWith("## klpscope") && text.contains("seed_lp2"), text);
            case "html" -> assertTrue(text.contains("<html") && text.strip().endsWith("</html>"), text);
            default -> fail("the recipe writes a format this test does not check: " + format);
        }
    }
}
