package dev.klpscope.module.code;

import dev.klpscope.SampleFiles;
import dev.klpscope.elf.Symbol;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelObjectReader;
import dev.klpscope.module.ResolutionView;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Names as two builds agree on them; the left column are names from Debian's 6.1 vmlinux and modules (readelf -s). */
class NamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            __func__.5                                               | __func__
            __key.12                                                 | __key
            nfsd4_close.cold                                         | nfsd4_close.cold
            parse_bsd.constprop.0                                    | parse_bsd.constprop
            early_root_info_init.isra.0                              | early_root_info_init.isra
            __UNIQUE_ID_ddebug510.0                                  | __UNIQUE_ID_ddebug
            __UNIQUE_ID_ddebug503                                    | __UNIQUE_ID_ddebug
            __BTF_ID__struct__kallsym_iter__493952                   | __BTF_ID__struct__kallsym_iter
            __initcall__kmod_core__391_2229_init_hw_perf_eventsearly | __initcall__kmod_core__init_hw_perf_eventsearly
            cpumask_weight                                           | cpumask_weight
            ip6_route_init                                           | ip6_route_init
            """)
    void stemDropsOnlyCompilerNumbering(String name, String stem) {
        assertEquals(stem, Names.stem(name));
    }

    /** Names as Debian's 6.1.0-57 vmlinux and the samples' gcc spell them ({@code readelf -s}). */
    @Test
    void compilerCopiesByTheFunctionTheyWereMadeFrom() {
        assertEquals(Optional.of("eventfd_ctx_fileget"), Names.copyOf("eventfd_ctx_fileget.part.0.isra.0"));
        assertEquals(Optional.of("nmi_handle"), Names.copyOf("nmi_handle.part.0"));
        assertEquals(Optional.of("klps_report"), Names.copyOf("klps_report.constprop.0.isra.0"));
        assertEquals(Optional.of("elf_map"), Names.copyOf("elf_map.isra.0.cold"));
        assertEquals(Optional.empty(), Names.copyOf("nmi_handle"));
        assertEquals(Optional.empty(), Names.copyOf("__func__.5"), "a numbered local, not a copy");
        assertEquals(Optional.empty(), Names.copyOf(".cold"), "nothing before the suffix");
    }

    @Test
    void livepatchSymbolsByTheNameTheyStandFor() {
        assertEquals("pmus", Names.unwrapLivepatch(".klp.sym.vmlinux.pmus,2"));
        assertEquals("c", Names.unwrapLivepatch(".klp.sym.foo.c,0"));
        assertEquals("plain", Names.unwrapLivepatch("plain"));
    }

    /** kbuild's unstripped module keeps STT_FILE: foo.mod.c, then foo.c before a() and c() (readelf -s). */
    @Test
    void unitOfAModuleLocal() {
        KernelObject o = KernelObjectReader.read(SampleFiles.path("seed/unstripped/v1/foo.ko"));
        Symbol a = o.symbols().named("a", ResolutionView.TARGET_COMING).get(0);
        assertEquals(Optional.of("foo.c"), Provenance.unit(o, a));
        assertEquals(true, Provenance.unitLocals(o, a).contains("c"));
    }
}
