package dev.klpscope.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Inspector;
import dev.klpscope.elf.ByteReader;
import dev.klpscope.elf.Compression;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.elf.Relocation;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;
import dev.klpscope.kernels.Discovery;
import dev.klpscope.kernels.KernelBuilds;
import dev.klpscope.kernels.ObjectCache;
import dev.klpscope.livepatch.Livepatch;
import dev.klpscope.livepatch.LivepatchReader;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelObjectReader;
import dev.klpscope.module.code.X86Decoder;
import dev.klpscope.module.types.Btf;
import dev.klpscope.module.types.Layouts;
import dev.klpscope.module.types.Prototypes;
import dev.klpscope.module.types.dwarf.DwarfFile;
import dev.klpscope.module.types.dwarf.DwarfTypes;
import dev.klpscope.module.types.TypeNames;
import dev.klpscope.report.ReportFormat;
import dev.klpscope.report.Reports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzz targets for every layer that reads untrusted bytes. The contract they enforce: any
 * input gives a result or a {@link MalformedInputException} whose message names the file; any other
 * exception, a hang or an out-of-memory error escaping is a finding.
 *
 * <p>{@code mvn test} replays only the seeds under {@code src/test/resources/dev/klpscope/fuzz/ReadersFuzzTestInputs/};
 * {@code JAZZER_FUZZ=1} with one {@code -Dtest=ReadersFuzzTest#method} per JVM fuzzes ({@code .ci/fuzz}).
 */
class ReadersFuzzTest {

    static final String FILE = "fuzz-input.ko";
    /** Far below the production bound (1 GiB) so that a bomb the fuzzer finds costs milliseconds, not the heap. */
    static final long FUZZ_DECOMPRESSED_LIMIT = 8L << 20;

    /** Runs {@code body}; the documented exception must name the file and say what is wrong. */
    static void contract(Runnable body) {
        try {
            body.run();
        } catch (MalformedInputException e) {
            assertEquals(FILE, e.file(), "exception names the input file");
            assertFalse(e.problem() == null || e.problem().isBlank(), "exception says what is wrong");
            assertTrue(e.getMessage().startsWith(FILE + ": "), e.getMessage());
        }
    }

    static ElfImage open(byte[] bytes) {
        return ElfImage.fromBytes(FILE, bytes, FUZZ_DECOMPRESSED_LIMIT);
    }

    /** Everything {@link ElfImage} offers, touched once: sections, their data, symbols, relocations, build id. */
    static long exercise(ElfImage image) {
        long sum = image.elfSize() + image.fileSize();
        image.header().machineName();
        image.signature().ifPresent(s -> assertTrue(s.elfLength() <= image.fileSize() || image.compression() != Compression.NONE));
        for (Section s : image.sections()) {
            ByteReader r = image.data(s);
            sum += r.length();
            assertTrue(r.length() <= image.elfSize(), "section data inside the ELF data");
            s.flagLetters();
            if (s.type() == Section.SHT_SYMTAB || s.type() == Section.SHT_DYNSYM) {
                List<Symbol> symbols = image.symbols(s);
                for (Symbol sym : symbols) {
                    sum += sym.name().length();
                }
            }
            if (s.isRelocation()) {
                for (Relocation rel : image.relocations(s)) {
                    image.relocationTypeName(rel.type());
                    sum += rel.symbolIndex();
                }
            }
            if (s.type() == Section.SHT_STRTAB && s.size() > 0) {
                try {
                    sum += image.string(s, 0).length();
                } catch (MalformedInputException e) {
                    assertEquals(FILE, e.file());
                }
            }
        }
        sum += image.symbols().size();
        sum += image.buildId().map(String::length).orElse(0);
        return sum;
    }

    @FuzzTest
    void elf(FuzzedDataProvider data) {
        byte[] bytes = data.consumeRemainingAsBytes();
        contract(() -> exercise(open(bytes)));
    }

    @FuzzTest
    void module(FuzzedDataProvider data) {
        byte[] bytes = data.consumeRemainingAsBytes();
        contract(() -> {
            KernelObject ko = KernelObjectReader.read(Path.of(FILE), open(bytes));
            assertNotNull(ko.name());
            ko.vermagic();
            ko.symbols().all().forEach(s -> ko.sectionOf(s));
            ko.versions().imported().size();
        });
    }

    @FuzzTest
    void livepatch(FuzzedDataProvider data) {
        byte[] bytes = data.consumeRemainingAsBytes();
        contract(() -> {
            Livepatch lp = LivepatchReader.read(KernelObjectReader.read(Path.of(FILE), open(bytes)));
            assertNotNull(lp.name());
            lp.objects();
        });
    }

    /** Where the {@code packages} target writes its input and its cache (one folder per JVM). */
    private static Path packagesDir;

    /**
     * Kernel packages ({@code dev.klpscope.kernels}): the first byte picks {@code .deb} (even) or {@code .rpm} (odd),
     * the rest is the package. Seeds are {@code samples/packages} with that byte in front. Besides the contract: every
     * problem line names the input, and every object found lies inside the cache.
     */
    @FuzzTest
    void packages(FuzzedDataProvider data) throws java.io.IOException {
        if (packagesDir == null) {
            packagesDir = java.nio.file.Files.createTempDirectory("klpscope-fuzz-packages");
        }
        boolean deb = (data.consumeByte() & 1) == 0;
        Path input = packagesDir.resolve(deb ? "fuzz-input.deb" : "fuzz-input.rpm");
        java.nio.file.Files.write(input, data.consumeRemainingAsBytes());
        ObjectCache cache = ObjectCache.at(packagesDir.resolve("cache"), 1 << 20);
        Discovery d = KernelBuilds.find(List.of(input), Set.of("sch_codel", "vmlinux"), cache);
        d.problems().forEach(p -> assertEquals(input.toString(), p.source(), p.line()));
        d.builds().forEach(b -> b.objects().values().forEach(o ->
                assertTrue(o.file().startsWith(cache.root()), () -> "outside the cache: " + o.file())));
    }

    /**
     * Decompression: the first byte picks the format whose magic is forced onto the rest, so mutations explore
     * the decoders instead of falling back to "not an ELF file". Seeds are real modules compressed each way.
     */
    @FuzzTest
    void decompression(FuzzedDataProvider data) {
        byte[] bytes = withCompressionMagic(data.consumeRemainingAsBytes());
        contract(() -> {
            ElfImage image = open(bytes);
            if (bytes.length > 0) {
                assertTrue(Set.of(Compression.values()).contains(image.compression()));
            }
            assertTrue(image.elfSize() <= FUZZ_DECOMPRESSED_LIMIT || image.compression() == Compression.NONE);
            exercise(image);
        });
    }

    static final byte[][] MAGICS = {
            {(byte) 0xfd, '7', 'z', 'X', 'Z', 0},
            {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd},
            {0x1f, (byte) 0x8b},
    };

    /** Input that already starts with a compression magic is kept; otherwise byte 0 picks one to put in its place. */
    static byte[] withCompressionMagic(byte[] in) {
        if (in.length == 0 || Compression.detect(java.nio.ByteBuffer.wrap(in)) != Compression.NONE) {
            return in;
        }
        byte[] magic = MAGICS[Byte.toUnsignedInt(in[0]) % MAGICS.length];
        byte[] out = new byte[magic.length + in.length - 1];
        System.arraycopy(magic, 0, out, 0, magic.length);
        System.arraycopy(in, 1, out, magic.length, in.length - 1);
        return out;
    }

    /**
     * bzImage ({@code vmlinuz}): the input is the whole image, with {@code "HdrS"} forced at 0x202 so that mutations
     * explore the setup header's fields (setup_sects, boot flag, protocol, kernel_version, payload_offset and _length),
     * the declared size and the payload instead of falling back to "not an ELF file". Seeds: {@code DerivedBzImage}
     * around the real foo.ko, compressed each way as the kernel packs it.
     */
    @FuzzTest
    void bzimage(FuzzedDataProvider data) {
        byte[] bytes = withBzImageMagic(data.consumeRemainingAsBytes());
        contract(() -> {
            ElfImage image = open(bytes);
            assertTrue(image.bzImage().isPresent(), "read as a bzImage");
            assertTrue(image.elfSize() <= FUZZ_DECOMPRESSED_LIMIT, "decompressed within the bound");
            image.bzImage().get().release();
            exercise(image);
        });
    }

    static byte[] withBzImageMagic(byte[] in) {
        byte[] out = java.util.Arrays.copyOf(in, Math.max(in.length, 0x206));
        out[0x202] = 'H';
        out[0x203] = 'd';
        out[0x204] = 'r';
        out[0x205] = 'S';
        return out;
    }

    /** A whole check: the fuzzed bytes are the patch, the real seed candidates (v1 and v2 of foo.ko) the candidates. */
    @FuzzTest
    void check(FuzzedDataProvider data) {
        byte[] bytes = data.consumeRemainingAsBytes();
        List<KernelObject> candidates = Candidates.seed();
        contract(() -> {
            Livepatch lp = LivepatchReader.read(KernelObjectReader.read(Path.of(FILE), open(bytes)));
            Inspection inspection = Inspector.inspect(lp, candidates, List.of());
            assertNotNull(inspection.worst());
            assertFalse(Reports.render(inspection, ReportFormat.TEXT).isEmpty());
        });
    }

    /**
     * The x86-64 length decoder that code comparison, site accesses and shadow ids rest on: any bytes give an
     * instruction of 1 to 15 bytes whose displacement and immediate lie inside it, or nothing; never an exception.
     */
    @FuzzTest
    void x86(FuzzedDataProvider data) {
        int at = data.consumeInt(0, 16);
        byte[] code = data.consumeRemainingAsBytes();
        X86Decoder.decode(code, at, code.length).ifPresent(insn -> {
            assertTrue(insn.length() >= 1 && insn.length() <= 15 && at + insn.length() <= code.length, "length " + insn.length());
            assertTrue(insn.dispAt() < 0 || insn.dispAt() + 4 <= insn.length(), "displacement inside");
            assertTrue(insn.immAt() < 0 || insn.immAt() + insn.immSize() <= insn.length(), "immediate inside");
        });
        X86Decoder.decodeAll(code, 0).ifPresent(all -> {
            long end = all.isEmpty() ? 0 : all.get(all.size() - 1).end();
            assertEquals(code.length, end, "decodeAll ends exactly at the end");
        });
    }

    /** Types followed per input: enough to reach every kind, few enough that a large fuzzed type section stays fast. */
    static final int BTF_TYPES = 4096;

    /**
     * BTF: the fuzzed bytes as base BTF, or (last byte odd) as split BTF on the real seed BTF, as a module's
     * {@code .BTF} on vmlinux's; every type named, sized and laid out, names looked up. The seed is pahole's split
     * BTF of the unstripped seed v2 module on that base ({@code pahole --btf_encode_detached --btf_base}).
     */
    @FuzzTest
    void btf(FuzzedDataProvider data) {
        boolean split = data.consumeBoolean();
        byte[] bytes = data.consumeRemainingAsBytes();
        Btf base = split ? SeedBtf.BASE : null;
        contract(() -> {
            Btf btf = Btf.read(ByteReader.of(bytes, ByteOrder.LITTLE_ENDIAN, FILE), "BTF", base, 8);
            assertTrue(btf.startId() == (split ? base.endId() : 1));
            for (int id = btf.startId(); id < Math.min(btf.endId(), btf.startId() + BTF_TYPES); id++) {
                TypeNames.name(btf, id);
                assertTrue(TypeNames.size(btf, id) >= 0);
                assertTrue(Layouts.of(btf, id).members().size() <= 4096);
            }
            btf.variable("foo_stats");
            btf.named("list_head");
        });
    }

    /** Units and DIEs followed per input: every shape of the seeds, few enough that a large fuzzed section stays fast. */
    static final int DWARF_UNITS = 8, DWARF_DIES = 2048;

    /**
     * DWARF: the fuzzed bytes as an ELF object whose debug sections the reader opens (relocations applied, compressed
     * sections inflated), then, for the first units, every top-level DIE named, sized, laid out and, for a function,
     * its prototype; variables and functions looked up by name and address. The seeds are gcc's DWARF 4 and 5 of
     * src/test/resources/dev/klpscope/fuzz/dwarf/seed.c ({@code make.sh} there), relocatable as a kernel module is.
     */
    @FuzzTest
    void dwarf(FuzzedDataProvider data) {
        byte[] bytes = data.consumeRemainingAsBytes();
        contract(() -> {
            java.util.Optional<DwarfFile> opened = DwarfFile.of(open(bytes));
            if (opened.isEmpty()) {
                return;
            }
            DwarfFile dwarf = opened.get();
            int walked = 0;
            for (int u = 0; u < Math.min(dwarf.unitCount(), DWARF_UNITS); u++) {
                DwarfTypes types = dwarf.unitTypes(u);
                types.unitName();
                for (int id : types.topLevel()) {
                    if (walked++ == DWARF_DIES) {
                        break;
                    }
                    TypeNames.name(types, id);
                    assertTrue(TypeNames.size(types, id) >= 0);
                    assertTrue(Layouts.of(types, id).members().size() <= 4096);
                    Prototypes.ofFunction(types, id);
                }
                types.named("stats");
            }
            dwarf.variableNamed("seed_declared");
            dwarf.variableAt("seed_stats", 0);
            dwarf.functionAt("seed_read", 0);
        });
    }

    /** The base BTF of the split fuzz inputs (src/test/resources/dev/klpscope/module/types/seed-foo-v1.btf.xz). */
    static final class SeedBtf {
        static final Btf BASE = read();

        private static Btf read() {
            try (InputStream in = new org.tukaani.xz.XZInputStream(
                    ReadersFuzzTest.class.getResourceAsStream("/dev/klpscope/module/types/seed-foo-v1.btf.xz"))) {
                return Btf.read(ByteReader.of(in.readAllBytes(), ByteOrder.LITTLE_ENDIAN, FILE), "base BTF", null, 8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
