package dev.klpscope.cli;

import dev.klpscope.report.MiniJson;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The JSON summary states the gate check applied ({@code failOn}) and its outcome ({@code failed}), as the exit status does. */
class JsonGateFieldsTest {

    private static Map<String, Object> summary(CliRun run) {
        return MiniJson.object(MiniJson.object(MiniJson.parse(run.out())).get("summary"));
    }

    @Test
    void failOnAndFailedFollowTheThresholdAndTheExitStatus() {
        // seed_lp2 against foo v1 is refused; against foo v2 alone it loads (its worst is below warn)
        CliRun refused = CliRun.of("check", Seed.PATCH, Seed.V1, Seed.V2, "--format", "json");
        assertEquals(1, refused.exit(), refused.err());
        assertEquals("silent", summary(refused).get("failOn"));
        assertEquals(Boolean.TRUE, summary(refused).get("failed"));

        CliRun never = CliRun.of("check", Seed.PATCH, Seed.V1, Seed.V2, "--format", "json", "--fail-on", "never");
        assertEquals(0, never.exit(), never.err());
        assertEquals("never", summary(never).get("failOn"));
        assertEquals(Boolean.FALSE, summary(never).get("failed"));

        CliRun crash = CliRun.of("check", Seed.PATCH, Seed.V1, "--format", "json", "--fail-on", "crash");
        assertEquals(0, crash.exit(), crash.err());
        assertEquals("crash", summary(crash).get("failOn"));
        assertEquals(Boolean.FALSE, summary(crash).get("failed"));
    }
}
