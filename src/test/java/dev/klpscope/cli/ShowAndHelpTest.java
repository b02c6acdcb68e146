package dev.klpscope.cli;

import dev.klpscope.check.ToolVersion;
import dev.klpscope.report.MiniJson;
import dev.klpscope.report.TestSamples;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code show}, {@code --help} and {@code --version}. */
class ShowAndHelpTest {

    @Test
    void showListsSectionsTargetsSitesAndPatchedFunctions() {
        CliRun run = CliRun.of("show", TestSamples.file("seed/seed_lp2.ko"));
        assertEquals(0, run.exit(), run.err());
        String out = run.out();
        assertTrue(out.contains(".klp.rela.foo..text"), out);
        assertTrue(out.matches("(?s).*\\.klp\\.rela\\.foo\\.\\.text +object foo +-> \\.text +flags AIo .*"),
                "klp section with its object, sh_info target and readelf flags:\n" + out);
        assertTrue(out.contains("foo:b,0 [function]"), out);
        assertTrue(out.matches("(?s).*\\.text\\+0x[0-9a-f]+ R_X86_64_\\w+ .*in livepatch_c.*"), "a site in its function:\n" + out);
        assertTrue(out.contains("foo:c,0 -> livepatch_c"), "the patched function:\n" + out);
    }

    /** The same sources built for three kernels: each is judged by its own kernel's loader, in text and JSON. */
    @Test
    void showSaysWhichLoaderTheLintModelled() {
        for (String k : List.of("6.1", "6.12", "7.3")) {
            var file = TestSamples.file((k.equals("6.1") ? "" : "kernels/" + k + "/") + "seed/seed_lp1.ko");
            CliRun text = CliRun.of("show", file);
            assertEquals(0, text.exit(), text.err());
            assertTrue(text.out().contains("lint: the loader of Linux " + k + " (vermagic)"), text.out());
            CliRun json = CliRun.of("show", file, "--format", "json");
            Map<String, Object> lint = MiniJson.object(MiniJson.object(MiniJson.parse(json.out())).get("lint"));
            assertEquals(k, lint.get("kernel"));
        }
    }

    /** --loader: a file the 6.1 loader oopses on (recorded) is one 7.3's rejects cleanly (read from its source). */
    @Test
    void theLoaderCanBeChosenForKernelsWhoseVermagicSaysTooLittle() {
        var patch = TestSamples.file("broken/elf-nonalloc-name.ko");
        var foo = TestSamples.file("seed/v1/foo.ko");
        CliRun byVermagic = CliRun.of("check", patch, foo, "--format", "json");
        CliRun chosen = CliRun.of("check", patch, foo, "--loader", "7.3", "--format", "json");
        assertEquals(1, byVermagic.exit(), byVermagic.err());
        assertEquals(1, chosen.exit(), chosen.err());
        Map<String, Object> before = MiniJson.object(MiniJson.object(MiniJson.parse(byVermagic.out())).get("patch"));
        Map<String, Object> after = MiniJson.object(MiniJson.object(MiniJson.parse(chosen.out())).get("patch"));
        assertEquals("crash", before.get("worst"));
        assertEquals("refused", after.get("worst"));
        assertEquals("Linux 7.3 (chosen with --loader)", MiniJson.object(after.get("lint")).get("rules"));
        CliRun show = CliRun.of("show", TestSamples.file("seed/seed_lp1.ko"), "--loader", "6.15");
        assertTrue(show.out().contains("lint: the loader of Linux 6.12, the closest modelled loader for 6.15 (chosen with "
                + "--loader)"), show.out());
        CliRun bad = CliRun.of("check", patch, foo, "--loader", "latest");
        assertEquals(2, bad.exit());
        assertEquals(1, bad.err().lines().count(), bad.err());
        assertTrue(bad.err().contains("'latest' is not a kernel version"), bad.err());
    }

    @Test
    void showJsonParsesAndHasSites() {
        CliRun run = CliRun.of("show", TestSamples.file("multiobj/multiobj_lp.ko"), "--format", "json");
        assertEquals(0, run.exit(), run.err());
        Map<String, Object> root = MiniJson.object(MiniJson.parse(run.out()));
        assertEquals(java.util.Set.of("foo", "bar"), java.util.Set.copyOf(MiniJson.array(root.get("objects"))));
        List<Object> targets = MiniJson.array(root.get("targets"));
        assertFalse(targets.isEmpty());
        for (Object t : targets) {
            Map<String, Object> target = MiniJson.object(t);
            for (Object s : MiniJson.array(target.get("sites"))) {
                Map<String, Object> site = MiniJson.object(s);
                assertTrue(site.keySet().containsAll(List.of("section", "offset", "type", "addend", "function")), site.toString());
            }
        }
        for (String k : List.of("klpSections", "patchedFunctions", "defined", "imports", "problems", "legacyLayouts")) {
            assertTrue(root.get(k) instanceof List, k);
        }
        assertEquals(2, MiniJson.array(root.get("patchedFunctions")).size(), "one patched function per object");
    }

    @Test
    void helpAndVersion() {
        CliRun help = CliRun.of("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("check") && help.out().contains("show"), help.out());
        CliRun checkHelp = CliRun.of("check", "--help");
        assertEquals(0, checkHelp.exit());
        for (String option : List.of("--baseline", "--format", "--output", "--fail-on")) {
            assertTrue(checkHelp.out().contains(option), option);
        }
        assertEquals(0, CliRun.of("help", "show").exit());
        for (String flag : List.of("--version", "-V")) {
            CliRun v = CliRun.of(flag);
            assertEquals(0, v.exit());
            assertEquals(ToolVersion.NAME + " " + ToolVersion.version(), v.out().strip());
        }
    }
}
