package dev.klpscope.livepatch.lint;

import dev.klpscope.module.KernelVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which loader the lint models, from the vermagic strings of real Debian builds and of releases between them. */
class KernelRulesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "6.1.0-57-amd64 SMP preempt mod_unload modversions |6.1 |Linux 6.1 (vermagic)",
            "6.12.95+deb12-amd64 SMP preempt mod_unload modversions |6.12|Linux 6.12 (vermagic)",
            "7.3.4+deb13-amd64 SMP preempt mod_unload modversions |7.3 |Linux 7.3 (vermagic)",
            "6.15.2 SMP mod_unload |6.12|the closest modelled loader for 6.15",
            "8.0.1 SMP mod_unload |7.3 |the closest modelled loader for 8.0",
            "5.10.0-30-amd64 SMP mod_unload modversions |6.1 |older loaders are not modelled",
            "|6.1 |no kernel release in vermagic",
            "SMP mod_unload |6.1 |no kernel release in vermagic"})
    void rulesFollowTheReleaseInVermagic(String vermagic, String modelled, String described) {
        KernelRules rules = KernelRules.of(KernelVersion.fromVermagic(vermagic == null ? "" : vermagic));
        assertEquals(modelled.trim(), rules.modelled().toString());
        assertTrue(rules.describe().contains(described.trim()), rules.describe());
    }

    @ParameterizedTest
    @CsvSource({"6.1, 6.1, true", "6.1, 6.12, false", "6.12, 6.1, true", "6.15, 6.12, true", "7.3, 7.3, true"})
    void atLeastComparesTheModelledRelease(String built, String asked, boolean expected) {
        KernelRules rules = KernelRules.of(KernelVersion.fromVermagic(built));
        KernelVersion v = KernelVersion.fromVermagic(asked).orElseThrow();
        assertEquals(expected, rules.atLeast(v.major(), v.minor()));
    }

    @ParameterizedTest
    @CsvSource({"6.1.0-57-amd64, 6, 1", "6.12.95+deb12-amd64, 6, 12", "10.0, 10, 0"})
    void versionsParseFromTheRelease(String release, int major, int minor) {
        assertEquals(Optional.of(KernelVersion.of(major, minor)), KernelVersion.fromVermagic(release));
    }

    @ParameterizedTest
    @CsvSource({"61", "v6.1", "6.x", "6.123456"})
    void whatIsNotAReleaseGivesNone(String text) {
        assertEquals(Optional.empty(), KernelVersion.fromVermagic(text));
    }
}
