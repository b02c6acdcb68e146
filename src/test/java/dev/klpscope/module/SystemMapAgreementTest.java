package dev.klpscope.module;

import dev.klpscope.SampleFiles;
import dev.klpscope.elf.Symbol;
import dev.klpscope.livepatch.KlpReference;
import dev.klpscope.livepatch.Livepatch;
import dev.klpscope.load.Loading;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A System.map against the vmlinux with symbols of the same build (the shared cache; {@code scripts/system-maps.sh}):
 * Debian's own 6.12 map out of {@code linux-image-6.12.95+deb12-amd64-dbg}, and the 6.1 maps made from each cached
 * {@code -dbg} vmlinux by Debian's {@code scripts/mksysmap} (the script shows it gives Debian's 6.12 map byte for
 * byte). Skipped when the cache lacks them. The ELF path ({@link SymbolTable#forVmlinux}, klp-build's count) and the
 * map must agree exactly on the kernel's count of every same-named symbol.
 */
class SystemMapAgreementTest {

    static final Path CACHE = Path.of(System.getProperty("klpscope.packages", "/var/cache/klpscope"));

    record Pair(String release, Path map, Path vmlinux) {
    }

    static List<Pair> cachedPairs() {
        List<Pair> out = new ArrayList<>();
        String r612 = "6.12.95+deb12-amd64";
        out.add(new Pair(r612, CACHE.resolve("sysmap/" + r612 + "/System.map-" + r612), CACHE.resolve("vmlinux-" + r612)));
        for (String abi : List.of("6.1.0-47", "6.1.0-50", "6.1.0-53", "6.1.0-56", "6.1.0-57")) {
            String r = abi + "-amd64";
            out.add(new Pair(r, CACHE.resolve("sysmap/" + r + "/System.map-" + r), CACHE.resolve("dbg/" + abi + "/vmlinux")));
        }
        return out.stream().filter(p -> Files.isRegularFile(p.map()) && Files.isRegularFile(p.vmlinux())).toList();
    }

    static Optional<Pair> pair(String release) {
        return cachedPairs().stream().filter(p -> p.release().equals(release)).findFirst();
    }

    @Test
    void everySameNamedSymbolCountsAlikeInMapAndVmlinux() {
        List<Pair> pairs = cachedPairs();
        assumeTrue(!pairs.isEmpty(), "no System.map with its -dbg vmlinux in " + CACHE + " (scripts/system-maps.sh)");
        List<String> failures = new ArrayList<>();
        for (Pair p : pairs) {
            KernelObject elf = KernelObjectReader.read(p.vmlinux());
            KernelObject map = SystemMapReader.read(p.map(), Optional.empty());
            assertTrue(map.symbolsOnly());
            assertEquals(Optional.of(p.release()), map.release());
            Set<String> names = new LinkedHashSet<>();
            elf.symbols().all().forEach(s -> names.add(s.name()));
            map.symbols().all().forEach(s -> names.add(s.name()));
            int duplicated = 0;
            List<String> disagree = new ArrayList<>();
            for (String name : names) {
                List<Symbol> e = elf.symbols().named(name, ResolutionView.TARGET_LOADED);
                List<Symbol> m = map.symbols().named(name, ResolutionView.TARGET_LOADED);
                if (e.size() <= 1 && m.size() <= 1) {
                    continue;
                }
                duplicated++;
                if (!e.stream().map(Symbol::value).toList().equals(m.stream().map(Symbol::value).toList())) {
                    disagree.add(name + ": vmlinux " + e.size() + ", System.map " + m.size());
                }
            }
            if (duplicated < 100 || !disagree.isEmpty()) {
                failures.add(p.release() + ": " + duplicated + " same-named, disagreeing: " + disagree);
            }
        }
        assertEquals(List.of(), failures, "kallsyms order of same-named symbols");
    }

    @Test
    void theSamplePatchResolvesAlikeAndWhereTheKernelPutIt() {
        // kernel-verdicts.tsv: vmlinux_lp on 6.1.0-57 read pmus,2 at 0xffffffff833171e0; on 6.12 mm_slots_hash,2 at
        // 0xffffffff83828c40 (nokaslr)
        check("6.1.0-57-amd64", "vmlinux/vmlinux_lp.ko", "pmus", 0xffffffff833171e0L);
        check("6.12.95+deb12-amd64", "kernels/6.12/vmlinux/vmlinux_lp.ko", "mm_slots_hash", 0xffffffff83828c40L);
        // 6.1.0-47 has one pmus: the kernel finds no position 2, as the vmlinux says
        check("6.1.0-47-amd64", "vmlinux/vmlinux_lp.ko", "pmus", 0);
    }

    private static void check(String release, String patchFile, String recordedName, long recordedAddress) {
        Optional<Pair> p = pair(release);
        assumeTrue(p.isPresent(), "no System.map and -dbg vmlinux of " + release + " in " + CACHE);
        Livepatch patch = Loading.readPatch(SampleFiles.path(patchFile), Optional.empty());
        KernelObject elf = KernelObjectReader.read(p.get().vmlinux());
        KernelObject map = SystemMapReader.read(p.get().map(), Optional.empty());
        List<KlpReference> refs = patch.references().stream().filter(r -> r.object().equals("vmlinux")).toList();
        assertFalse(refs.isEmpty());
        boolean recorded = false;
        for (KlpReference r : refs) {
            Resolution e = elf.symbols().resolve(r.name(), r.sympos(), ResolutionView.TARGET_LOADED);
            Resolution m = map.symbols().resolve(r.name(), r.sympos(), ResolutionView.TARGET_LOADED);
            assertEquals(e.getClass(), m.getClass(), release + " " + r.name() + "," + r.sympos());
            assertEquals(e.count(), m.count(), release + " " + r.name());
            assertEquals(e.kernelMessage(r.name(), "vmlinux"), m.kernelMessage(r.name(), "vmlinux"));
            if (e instanceof Resolution.Found fe && m instanceof Resolution.Found fm) {
                assertEquals(fe.symbol().value(), fm.symbol().value(), release + " " + r.name());
                assertEquals(fe.position(), fm.position());
                assertEquals(fe.symbol().isFunction(), fm.symbol().isFunction(), "kind of " + r.name());
                assertEquals(fe.symbol().isObject(), fm.symbol().isObject(), "kind of " + r.name());
                if (r.name().equals(recordedName)) {
                    assertEquals(recordedAddress, fm.symbol().value(), "the address the kernel read back");
                    recorded = true;
                }
            } else if (r.name().equals(recordedName)) {
                assertEquals(0, recordedAddress, release + ": the kernel resolved " + r.name());
                assertInstanceOf(Resolution.PositionNotFound.class, m);
                recorded = true;
            }
        }
        assertTrue(recorded, release + ": " + recordedName + " is among the patch's references");
        for (var f : patch.patched()) {
            Resolution e = elf.symbols().resolve(f.oldName(), f.oldSympos(), ResolutionView.TARGET_LOADED);
            Resolution m = map.symbols().resolve(f.oldName(), f.oldSympos(), ResolutionView.TARGET_LOADED);
            assertEquals(e.getClass(), m.getClass(), f.oldName());
            assertTrue(m instanceof Resolution.Found fm && fm.symbol().isFunction(), f.oldName() + " is code in the map");
        }
    }
}
