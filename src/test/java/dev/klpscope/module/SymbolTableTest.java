package dev.klpscope.module;

import dev.klpscope.SampleFiles;
import dev.klpscope.elf.Symbol;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kernel positions of same-named symbols, on the real sympos scenario modules. */
class SymbolTableTest {

    @Test
    void modulesCountSameNamedSymbolsInSymbolTableOrder() {
        KernelObject v1 = KernelObjectReader.read(SampleFiles.path("sympos/v1/foo.ko"));
        assertEquals("foo", v1.name());
        List<Symbol> helpers = v1.symbols().named("helper", ResolutionView.TARGET_LOADED);
        assertEquals(2, helpers.size());
        assertTrue(helpers.get(0).index() < helpers.get(1).index());
        Resolution second = v1.symbols().resolve("helper", 2, ResolutionView.TARGET_LOADED);
        assertEquals(helpers.get(1), ((Resolution.Found) second).symbol());
        assertInstanceOf(Resolution.Ambiguous.class, v1.symbols().resolve("helper", 0, ResolutionView.TARGET_LOADED));
        assertInstanceOf(Resolution.PositionNotFound.class, v1.symbols().resolve("helper", 3, ResolutionView.TARGET_LOADED));
        assertInstanceOf(Resolution.NotFound.class, v1.symbols().resolve("no_such_symbol", 0, ResolutionView.TARGET_LOADED));
        assertEquals("livepatch: symbol position 3 for symbol 'helper' in object 'foo' not found",
                v1.symbols().resolve("helper", 3, ResolutionView.TARGET_LOADED).kernelMessage("helper", "foo"));
        Resolution huge = v1.symbols().resolve("helper", -1L, ResolutionView.TARGET_LOADED);
        assertInstanceOf(Resolution.PositionNotFound.class, huge, "sympos is unsigned: \",-1\" is ULONG_MAX to the kernel");
        assertEquals("livepatch: symbol position 18446744073709551615 for symbol 'helper' in object 'foo' not found",
                huge.kernelMessage("helper", "foo"));
    }

    @Test
    void aModuleLoadingAfterThePatchAlsoCountsItsInitSymbols() {
        KernelObject o = KernelObjectReader.read(SampleFiles.path("initorder/v1/foo.ko"));
        boolean differs = o.symbols().all().stream().map(Symbol::name).distinct().anyMatch(n ->
                o.symbols().named(n, ResolutionView.TARGET_LOADED).size() != o.symbols().named(n, ResolutionView.TARGET_COMING).size());
        assertTrue(differs, "the initorder sample has a name whose count depends on load order");
    }

    @Test
    void runtimeNameComesFromModinfoNotTheFileName() {
        KernelObject o = KernelObjectReader.read(SampleFiles.path("dashname/v1/foo-bar.ko"));
        assertEquals("foo_bar", o.name());
        assertEquals(".modinfo name=", o.nameSource());
    }

    @Test
    void vmlinuxCountsByAddress() {
        KernelObject vmlinux = KernelObjectReader.read(SampleFiles.path("vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz"));
        assertEquals(ObjectKind.VMLINUX, vmlinux.kind());
        assertEquals("vmlinux", vmlinux.name());
        List<Symbol> pmus = vmlinux.symbols().named("pmus", ResolutionView.TARGET_LOADED);
        assertTrue(pmus.size() >= 2, "pmus has several statics in Debian's vmlinux");
        for (int i = 1; i < pmus.size(); i++) {
            assertTrue(Long.compareUnsigned(pmus.get(i - 1).value(), pmus.get(i).value()) <= 0);
        }
    }
}
