package dev.klpscope.cli;

import dev.klpscope.check.Severity;
import dev.klpscope.report.JsonShape;
import dev.klpscope.report.MiniJson;
import dev.klpscope.report.TestSamples;
import dev.klpscope.report.TestSamples.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code check} on the real samples: exit statuses, {@code --fail-on}, formats. */
class CheckCommandTest {

    static Stream<Scenario> scenarios() {
        return TestSamples.scenarios().stream();
    }

    /**
     * The samples README's predicted worst severity decides the default (--fail-on silent) exit status. The
     * scenario's baseline is given with --baseline: several breakages are only visible against it.
     */
    @ParameterizedTest
    @MethodSource("scenarios")
    void exitStatusFollowsTheScenarioOutcome(Scenario s) {
        List<Object> args = new java.util.ArrayList<>(List.of("check", s.patch(), s.candidate(), "--format", "json"));
        TestSamples.baselineFor(s.patch()).filter(b -> !b.equals(s.candidate())).ifPresent(b -> {
            args.add("--baseline");
            args.add(b);
        });
        CliRun run = CliRun.of(args.toArray());
        boolean breaking = Severity.fromWord(s.expected()).atLeast(Severity.SILENT);
        assertEquals(breaking ? 1 : 0, run.exit(), () -> s + " expected " + s.expected() + " (" + s.why() + "), stderr: "
                + run.err() + "\nsummary: " + MiniJson.object(MiniJson.parse(run.out())).get("summary"));
        // a scenario's patch may have objects it gives no candidate for (vmlinux, a dashed name): said, nothing else
        assertTrue(run.errLines().stream().allMatch(l -> l.startsWith("klpscope: warning: no candidate was given for object '")),
                run.err());
        JsonShape.requireInspectionShape(MiniJson.object(MiniJson.parse(run.out())));
    }

    @Test
    void seedReadmeCommandRefusesV1AndExitsOne() {
        CliRun run = CliRun.of("check", TestSamples.file("seed/seed_lp2.ko"), TestSamples.file("seed/v1/foo.ko"),
                TestSamples.file("seed/v2/foo.ko"));
        assertEquals(1, run.exit(), run.err());
        assertTrue(run.out().contains("symbol 'b' not found in symbol table"), run.out());
        assertTrue(run.out().startsWith("klpscope "), "text report by default");
    }

    @Test
    void briefFormatIsOneLinePerFindingForGrep() {
        CliRun run = CliRun.of("check", TestSamples.file("seed/seed_lp2.ko"), TestSamples.file("seed/v1/foo.ko"),
                TestSamples.file("seed/v2/foo.ko"), "--format", "brief");
        assertEquals(1, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).startsWith("refused symbol-present foo:b,0 "
                + Seed.named(TestSamples.file("seed/v1/foo.ko")) + ": "), run.out());
        assertTrue(lines.get(0).contains("has no symbol 'b'"), run.out());
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("ok ")), run.out());
    }

    /** Each sample patch with all its candidates, and the worst severity its JSON report states (read once). */
    private static Map<Path, Severity> worstByPatch;

    private static synchronized Map<Path, Severity> worstByPatch() {
        if (worstByPatch == null) {
            worstByPatch = new java.util.LinkedHashMap<>();
            for (Map.Entry<Path, List<Path>> e : TestSamples.candidatesByPatch().entrySet()) {
                CliRun json = CliRun.of(concat(args(e.getKey()), "--format", "json", "--fail-on", "never"));
                assertEquals(0, json.exit(), "--fail-on never always exits 0: " + json.err());
                worstByPatch.put(e.getKey(), Severity.fromWord((String) MiniJson.object(MiniJson.object(
                        MiniJson.parse(json.out())).get("summary")).get("worst")));
            }
        }
        return worstByPatch;
    }

    private static Object[] args(Path patch) {
        return Stream.concat(Stream.of("check", patch), TestSamples.candidatesByPatch().get(patch).stream()).toArray();
    }

    /**
     * For each level, exit 1 exactly when the run's worst severity reaches it. One patch per distinct worst
     * severity keeps this quick; over the samples both outcomes must occur.
     */
    @ParameterizedTest
    @EnumSource(FailOn.class)
    void failOnDecidesTheExitStatus(FailOn level) {
        Map<Severity, Path> onePerSeverity = new java.util.TreeMap<>();
        worstByPatch().forEach((patch, worst) -> onePerSeverity.putIfAbsent(worst, patch));
        assertTrue(onePerSeverity.size() >= 3, "samples cover too few severities: " + onePerSeverity.keySet());
        Set<Integer> seen = new HashSet<>();
        onePerSeverity.forEach((worst, patch) -> {
            CliRun run = CliRun.of(concat(args(patch), "--fail-on", level.name().toLowerCase()));
            boolean expected = level != FailOn.NEVER && worst.atLeast(Severity.fromWord(level.name().toLowerCase()));
            assertEquals(expected ? 1 : 0, run.exit(), patch + " worst " + worst + " at --fail-on " + level + ": " + run.err());
            seen.add(run.exit());
        });
        if (level == FailOn.NEVER) {
            assertEquals(Set.of(0), seen);
        } else {
            assertTrue(seen.contains(1), "some sample must reach --fail-on " + level);
        }
    }

    @Test
    void failOnLevelsOnTheChangedScenario() {
        Path lp = TestSamples.file("changed/changed_lp.ko");
        Path v1 = TestSamples.file("changed/v1/foo.ko");
        Path v2 = TestSamples.file("changed/v2/foo.ko");
        // changed v2 is a risk (the patched function changed since the patch was built), nothing worse.
        assertEquals(0, CliRun.of("check", lp, v1, v2).exit(), "default --fail-on silent ignores a risk");
        assertEquals(0, CliRun.of("check", lp, v1, v2, "--fail-on", "refused").exit());
        assertEquals(1, CliRun.of("check", lp, v1, v2, "--fail-on", "risk").exit());
        assertEquals(1, CliRun.of("check", lp, v1, v2, "--fail-on", "warn").exit());
        assertEquals(0, CliRun.of("check", lp, v1, v2, "--fail-on", "never").exit());
    }

    @Test
    void baselineGivenOnTheCommandLineIsReportedAsSuch() {
        Path lp = TestSamples.file("changed/changed_lp.ko");
        CliRun run = CliRun.of("check", lp, TestSamples.file("changed/v2/foo.ko"), "--baseline",
                TestSamples.file("changed/v1/foo.ko"), "--format", "json");
        assertEquals("", run.err());
        boolean found = false;
        for (Object c : MiniJson.array(MiniJson.object(MiniJson.parse(run.out())).get("candidates"))) {
            Map<String, Object> cand = MiniJson.object(c);
            if (cand.get("path").equals(Seed.named(TestSamples.file("changed/v1/foo.ko")))) {
                found = true;
                assertEquals(Boolean.TRUE, cand.get("baseline"));
                assertTrue(((String) cand.get("baselineReason")).contains("--baseline"), cand.toString());
            }
        }
        assertTrue(found, "the baseline is listed among the candidates");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "markdown", "html", "json", "JSON"})
    void everyFormatIsAccepted(String format) {
        CliRun run = CliRun.of("check", TestSamples.file("seed/seed_lp1.ko"), TestSamples.file("seed/v1/foo.ko"),
                "--format", format);
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("seed_lp1"), run.out());
    }

    private static Object[] concat(Object[] a, Object... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray();
    }
}
