package dev.klpscope.robustness;

import dev.klpscope.elf.Compression;
import dev.klpscope.elf.DerivedBzImage;

import com.github.luben.zstd.ZstdOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * The named corpus of broken inputs, each made at test time from a real sample ({@code samples/seed}) so that
 * nothing binary is committed. Every case says which input it replaces (the patch or the candidate) and what
 * klpscope must answer: exit 2 with one line naming the file and the problem, or, where the file is a
 * well-formed ELF whose livepatch content is wrong, a report (exit 1) that names the problem the kernel would hit.
 */
final class BrokenInputs {

    enum Role { PATCH, CANDIDATE }

    /**
     * @param fragment what the one stderr line (unusable) or the report (finding) must contain
     * @param unusable true: exit 2 and one line on stderr; false: exit 1 and {@code fragment} in the report
     */
    record Case(String name, Role role, String suffix, byte[] bytes, boolean unusable, String fragment) {
        @Override
        public String toString() {
            return name;
        }

        String fileName() {
            return name + suffix;
        }
    }

    static Path samples() {
        return Path.of(System.getProperty("klpscope.samples", "samples"));
    }

    static Path patchSample() {
        return samples().resolve("seed/seed_lp2.ko");
    }

    static Path candidateSample() {
        return samples().resolve("seed/v1/foo.ko");
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Case> all() {
        List<Case> out = new ArrayList<>();
        byte[] patch = read(patchSample());
        byte[] cand = read(candidateSample());
        Elf64 p = new Elf64(patch);
        Elf64 c = new Elf64(cand);
        int symtab = p.section(".symtab");
        int strtab = p.link(symtab);
        int shstrtab = p.shstrndx();
        int klpRela = p.sectionStartingWith(".klp.rela.");
        int klpSym = p.symbol(".klp.sym.");
        int data = p.section(".data");
        long shoff = p.shoff();

        // Empty, garbage and the ELF identification.
        out.add(bad("empty", Role.PATCH, new byte[0], "not an ELF file"));
        out.add(bad("garbage", Role.PATCH, random(4096, 1), "not an ELF file (no \\x7fELF magic at the start) (at offset 0x0)"));
        out.add(bad("truncated-in-ident", Role.PATCH, p.truncated(10), "truncated ELF identification (10 bytes)"));
        out.add(bad("truncated-in-elf-header", Role.PATCH, p.truncated(40), "ELF header (64 bytes) extends past the end of the data (40 bytes)"));
        // x86_64's kernel never reads EI_CLASS/EI_DATA (elf_check_arch checks e_machine only) and loads these: so does
        // klpscope, with the livepatch lint's elf-ident warning.
        out.add(finding("wrong-class", Role.PATCH, new Elf64(patch).u8(4, 3).bytes(), "EI_CLASS is 3 and EI_DATA is 1"));
        out.add(finding("wrong-data-encoding", Role.PATCH, new Elf64(patch).u8(5, 0).bytes(), "EI_CLASS is 2 and EI_DATA is 0"));
        out.add(finding("wrong-byte-order", Role.PATCH, new Elf64(patch).u8(5, 2).bytes(), "EI_CLASS is 2 and EI_DATA is 2"));
        out.add(bad("wrong-elf-type-core", Role.CANDIDATE, new Elf64(cand).u16(16, 4).bytes(), "ELF type CORE is neither a kernel module (REL) nor a vmlinux (EXEC)"));
        // A patch for another architecture against an x86-64 candidate: well-formed, so a report, not exit 2.
        out.add(finding("wrong-machine", Role.PATCH, new Elf64(patch).u16(18, 183).bytes(), "aarch64 type 4"));

        // Truncated at each structure boundary (the section header table is at the end of the file).
        out.add(bad("truncated-after-elf-header", Role.PATCH, p.truncated(64), "section header table offset 0x" + hex(shoff) + " lies outside the file (64 bytes)"));
        out.add(bad("truncated-in-section-contents", Role.PATCH, p.truncated(p.offset(data) + 16), "lies outside the file"));
        out.add(bad("truncated-at-symbol-table", Role.PATCH, p.truncated(p.offset(symtab)), "lies outside the file (" + p.offset(symtab) + " bytes)"));
        out.add(bad("truncated-at-string-table", Role.PATCH, p.truncated(p.offset(strtab)), "lies outside the file (" + p.offset(strtab) + " bytes)"));
        out.add(bad("truncated-at-section-table", Role.PATCH, p.truncated(shoff), "section header table offset 0x" + hex(shoff) + " lies outside the file"));
        out.add(bad("truncated-in-section-table", Role.PATCH, p.truncated(shoff + 64 * 10 + 7),
                "section header table (" + p.shnum() + " entries of 64 bytes at 0x" + hex(shoff) + ") extends past the end of the file"));
        out.add(bad("truncated-last-byte", Role.CANDIDATE, c.truncated(cand.length - 1), "extends past the end of the file (" + (cand.length - 1) + " bytes)"));

        // Offsets and sizes past the end.
        out.add(bad("e_shoff-past-end", Role.PATCH, new Elf64(patch).u64(0x28, 0x7fff_ffff_0000L).bytes(), "section header table offset 0x7fffffff0000 lies outside the file"));
        out.add(bad("section-offset-past-end", Role.PATCH, new Elf64(patch).u64(p.header(data) + 24, 0x7fff_ffffL).bytes(),
                "section " + data + ": contents (offset 0x7fffffff, size " + p.size(data) + ") extend past the end of the file"));
        out.add(bad("section-size-past-end", Role.PATCH, new Elf64(patch).u64(p.header(symtab) + 32, 0x1000_0000L).bytes(),
                "section " + symtab + ": contents (offset 0x" + hex(p.offset(symtab)) + ", size 268435456) extend past the end"));
        out.add(bad("section-size-u64-max", Role.CANDIDATE, new Elf64(cand).u64(c.header(c.section(".text")) + 32, -1L).bytes(),
                "section " + c.section(".text") + ": contents (offset 0x" + hex(c.offset(c.section(".text"))) + ", size -1) extend past the end"));
        // Extended numbering (e_shnum 0): the count is section 0's 64-bit sh_size, here with the top bit set (found by fuzzing).
        out.add(bad("extended-count-top-bit", Role.PATCH, new Elf64(patch).u16(0x3c, 0).u64(p.header(0) + 32, 0xfc00000027000000L).bytes(),
                "section header table (" + Long.toUnsignedString(0xfc00000027000000L) + " entries of 64 bytes"));
        out.add(bad("e_shnum-huge", Role.PATCH, new Elf64(patch).u16(0x3c, 0xffff).bytes(), "section header table (65535 entries of 64 bytes"));

        // Zero and huge entry sizes.
        out.add(bad("e_shentsize-zero", Role.PATCH, new Elf64(patch).u16(0x3a, 0).bytes(), "section header entry size is 0, expected 64 for ELF64 (at offset 0x3a)"));
        out.add(bad("e_shentsize-huge", Role.PATCH, new Elf64(patch).u16(0x3a, 0xffff).bytes(), "section header entry size is 65535, expected 64 for ELF64"));
        // sh_entsize of tables is not trusted (the kernel ignores it too): same report as the intact patch.
        out.add(finding("symtab-entsize-zero", Role.PATCH, new Elf64(patch).u64(p.header(symtab) + 56, 0).bytes(), "foo"));
        out.add(finding("rela-entsize-huge", Role.PATCH, new Elf64(patch).u64(p.header(klpRela) + 56, -1L).bytes(), "foo"));

        // Out-of-range links and indices.
        out.add(bad("e_shstrndx-out-of-range", Role.PATCH, new Elf64(patch).u16(0x3e, 200).bytes(),
                "section name table index 200 is out of range (" + p.shnum() + " sections) (at offset 0x3e)"));
        // Any section can be the name table: the kernel reads it as bytes (only 7.3 checks its type); lint reports it.
        out.add(finding("e_shstrndx-not-strtab", Role.PATCH, new Elf64(patch).u16(0x3e, 3).bytes(),
                "the section name table (section 3) is section type 1, not SHT_STRTAB"));
        out.add(bad("sh_link-out-of-range", Role.PATCH, new Elf64(patch).u32(p.header(symtab) + 40, 999).bytes(),
                "section " + symtab + " (.symtab) links to section 999, but there are only " + p.shnum()));
        out.add(bad("symtab-link-zero", Role.CANDIDATE, new Elf64(cand).u32(c.header(c.section(".symtab")) + 40, 0).bytes(),
                "symbol table .symtab links to string table 0, which does not exist"));
        // A self-link: the symbol table as its own string table (read as bytes, as the kernel before 7.3 does).
        // Links are never followed transitively, so no loop.
        out.add(finding("symtab-links-to-itself", Role.PATCH, new Elf64(patch).u32(p.header(symtab) + 40, symtab).bytes(),
                "the symbol table's string table .symtab is section type 2, not SHT_STRTAB"));
        out.add(finding("klp-rela-sh_info-out-of-range", Role.PATCH, new Elf64(patch).u32(p.header(klpRela) + 44, 999).bytes(),
                "sh_info 999, which names no section"));
        out.add(finding("klp-reloc-symbol-out-of-range", Role.PATCH,
                new Elf64(patch).u32((int) p.offset(klpRela) + 12, 0x7fff).bytes(), "refers to symbol 32767, outside the symbol table"));
        // Rejected, ignored or an oops depending on the kernel version and the section's flags: lint says which.
        out.add(finding("section-name-past-shstrtab", Role.PATCH, new Elf64(patch).u32(p.header(3), 0xffff).bytes(),
                "section 3 (SHF_ALLOC) has sh_name 0xffff, outside the section name table"));
        // Unchecked before 7.3, and read past the kernel's copy of the file: lint says crash.
        out.add(finding("symbol-name-past-strtab", Role.PATCH, new Elf64(patch).u32(p.symbolEntry(klpSym), 0xffffff).bytes(),
                "has st_name 0xffffff, outside the symbol string table"));

        // Strings without terminators.
        out.add(bad("shstrtab-unterminated", Role.PATCH, new Elf64(patch).unterminate(shstrtab).bytes(), "string is not NUL-terminated"));
        // A symbol string table is read as the kernel reads it (before 7.3): each name runs on into the next.
        out.add(finding("strtab-unterminated", Role.CANDIDATE, new Elf64(cand).unterminate(c.link(c.section(".symtab"))).bytes(),
                "foo has no symbol 'c'"));

        // Malformed livepatch names: well-formed ELF, so a report with the kernel's refusal.
        int klpRelaName = p.sectionNameAt(klpRela);
        out.add(finding("klp-rela-name-malformed", Role.PATCH, new Elf64(patch).ascii(klpRelaName, ".klp.rela..foo.text").bytes(),
                "incorrectly formatted name"));
        int symName = p.symbolNameAt(klpSym);
        out.add(finding("klp-sym-no-comma", Role.PATCH, new Elf64(patch).ascii(symName, ".klp.sym.foo.b;0").bytes(),
                "incorrectly formatted name"));
        out.add(finding("klp-sym-no-sympos", Role.PATCH, new Elf64(patch).ascii(symName, ".klp.sym.foo.b,x").bytes(),
                "incorrectly formatted name"));
        out.add(finding("klp-sym-empty-object", Role.PATCH, new Elf64(patch).ascii(symName, ".klp.sym..foo,0").bytes(),
                "incorrectly formatted name"));

        // Deep structure: an array symbol claiming 2^40 bytes must not drive a loop over its size.
        int objs = p.symbol("objs");
        out.add(finding("klp-objs-array-size-huge", Role.PATCH, new Elf64(patch).u64(p.symbolEntry(objs) + 16, 1L << 40).bytes(), "foo"));

        // Compression: garbage, truncated streams and bombs for each format.
        out.add(bad("xz-garbage", Role.PATCH, ".ko.xz", concat(XZ_MAGIC, random(2000, 2)), "corrupt xz data"));
        out.add(bad("zstd-garbage", Role.PATCH, ".ko.zst", concat(ZSTD_MAGIC, random(2000, 3)), "corrupt zstd data"));
        out.add(bad("gzip-garbage", Role.PATCH, ".ko.gz", concat(GZIP_MAGIC, random(2000, 4)), "corrupt gzip data"));
        byte[] xz = xz(patch);
        byte[] zst = zstd(patch);
        byte[] gz = gzip(patch);
        out.add(bad("xz-truncated", Role.PATCH, ".ko.xz", Arrays.copyOf(xz, xz.length / 2), "corrupt xz data"));
        out.add(bad("zstd-truncated", Role.PATCH, ".ko.zst", Arrays.copyOf(zst, zst.length / 2), "corrupt zstd data"));
        out.add(bad("gzip-truncated", Role.CANDIDATE, ".ko.gz", Arrays.copyOf(gz, gz.length / 2), "corrupt gzip data"));
        out.add(bad("xz-bomb", Role.PATCH, ".ko.xz", xzBomb(), "xz data expands to more than 64 MiB; refusing to decompress it further"));
        out.add(bad("zstd-bomb", Role.PATCH, ".ko.zst", zstdBomb(), "zstd data expands to more than 64 MiB; refusing to decompress it further"));
        out.add(bad("gzip-bomb", Role.CANDIDATE, ".ko.gz", gzipBomb(), "gzip data expands to more than 64 MiB; refusing to decompress it further"));
        // A vmlinuz (x86 bzImage, dev.klpscope.elf.DerivedBzImage around the candidate): header, payload bounds, stream, bomb.
        byte[] bz = DerivedBzImage.of(cand, Compression.ZSTD);
        out.add(bad("bzimage-truncated-header", Role.CANDIDATE, "", Arrays.copyOf(bz, 0x240),
                "bzImage setup header (boot protocol 2.08 or later) (592 bytes) extends past the end of the data (576 bytes) (at offset 0x0)"));
        out.add(bad("bzimage-payload-past-end", Role.CANDIDATE, "", Arrays.copyOf(bz, bz.length - 100), "lies past the end of the file"));
        byte[] corrupt = bz.clone();
        for (int i = 0x440 + 64; i < 0x440 + 320; i++) {
            corrupt[i] ^= 0x5a;
        }
        out.add(bad("bzimage-corrupt-zstd", Role.CANDIDATE, "", corrupt, "zstd payload of the bzImage: corrupt zstd data"));
        out.add(bad("bzimage-bomb", Role.CANDIDATE, "", DerivedBzImage.wrap(DerivedBzImage.compress(Compression.XZ, new byte[32 << 20]),
                1 << 20, 0x020f), "xz data expands to more than 1 MiB; refusing to decompress it further (at offset 0x440)"));
        // Compressed garbage that decompresses fine but is not an ELF file.
        out.add(bad("xz-of-text", Role.PATCH, ".ko.xz", xz("not a module\n".repeat(100).getBytes(StandardCharsets.US_ASCII)), "not an ELF file"));
        out.addAll(systemMaps());
        return out;
    }

    /**
     * A vmlinux given as its System.map (a text input, bounded as any other): made from the committed excerpt of
     * Debian's 6.12 map ({@code samples/sysmap}); named {@code .map} so that it is read as one.
     */
    static List<Case> systemMaps() {
        String map = new String(read(samples().resolve("sysmap/6.12.95+deb12-amd64/System.map-6.12.95+deb12-amd64")),
                StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>(map.lines().toList());
        List<Case> out = new ArrayList<>();
        List<String> malformed = new ArrayList<>(lines);
        malformed.set(4, "ffffffff81000000 T");
        out.add(bad("sysmap-malformed-line", Role.CANDIDATE, ".map", text(malformed), "line 5: expected 'ADDRESS TYPE NAME'"));
        List<String> huge = new ArrayList<>(lines);
        huge.set(2, "ffffffff81000000 T " + "x".repeat(1 << 20));
        out.add(bad("sysmap-line-huge", Role.CANDIDATE, ".map", text(huge), "line 3 is longer than 1024 bytes"));
        out.add(bad("sysmap-empty", Role.CANDIDATE, ".map", new byte[0], "is empty; not a System.map"));
        List<String> nul = new ArrayList<>(lines);
        nul.set(6, nul.get(6) + "\0");
        out.add(bad("sysmap-nul-byte", Role.CANDIDATE, ".map", text(nul), "line 7: NUL byte"));
        out.add(bad("sysmap-debian-placeholder", Role.CANDIDATE, ".map",
                "ffffffffffffffff B The real System.map is in the linux-image-<version>-dbg package\n".getBytes(StandardCharsets.US_ASCII),
                "Debian's placeholder System.map"));
        // cut mid-line, as a copy interrupted at 1000 bytes leaves it: line 27 is "ffffffff81"
        byte[] whole = map.getBytes(StandardCharsets.ISO_8859_1);
        out.add(bad("sysmap-truncated", Role.CANDIDATE, ".map", java.util.Arrays.copyOf(whole, 1000), "line 27: expected 'ADDRESS TYPE NAME' (nm format, 16 hex digits), found 'ffffffff81'"));
        // not text at all: a module's first 4 KB under a map's name
        out.add(bad("sysmap-garbage", Role.CANDIDATE, ".map", java.util.Arrays.copyOf(read(samples().resolve("debian/v57/sch_codel.ko")), 4096),
                "line 1: NUL byte; not a System.map"));
        List<String> mixed = new ArrayList<>(lines);
        mixed.set(9, "81000000 T short_address");
        out.add(bad("sysmap-address-width", Role.CANDIDATE, ".map", text(mixed), "line 10: expected"));
        return out;
    }

    private static byte[] text(List<String> lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    static final byte[] XZ_MAGIC = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0};
    static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};
    static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};
    /** Bombs expand to this much, above the 64 MiB that the decompression ratio bound allows a small file. */
    static final int BOMB_MIB = 80;

    private static Case bad(String name, Role role, byte[] bytes, String fragment) {
        return bad(name, role, ".ko", bytes, fragment);
    }

    private static Case bad(String name, Role role, String suffix, byte[] bytes, String fragment) {
        return new Case(name, role, suffix, bytes, true, fragment);
    }

    private static Case finding(String name, Role role, byte[] bytes, String fragment) {
        return new Case(name, role, ".ko", bytes, false, fragment);
    }

    private static String hex(long v) {
        return Long.toHexString(v);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    interface Compressor {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    private static byte[] compress(byte[] in, Compressor c) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (OutputStream out = c.wrap(bos)) {
                out.write(in);
            }
            return bos.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] xz(byte[] in) {
        return compress(in, o -> new XZOutputStream(o, new LZMA2Options(1)));
    }

    static byte[] zstd(byte[] in) {
        return compress(in, ZstdOutputStream::new);
    }

    static byte[] gzip(byte[] in) {
        return compress(in, GZIPOutputStream::new);
    }

    /** {@code n} copies of {@code member}: xz, zstd and gzip readers all continue across concatenated streams. */
    private static byte[] repeat(byte[] member, int n) {
        byte[] out = new byte[member.length * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(member, 0, out, i * member.length, member.length);
        }
        return out;
    }

    /** 80 concatenated xz streams of 1 MiB of zeros each: a few KB that expand to 80 MiB. */
    static byte[] xzBomb() {
        return repeat(xz(new byte[1 << 20]), BOMB_MIB);
    }

    static byte[] gzipBomb() {
        return repeat(gzip(new byte[1 << 20]), BOMB_MIB);
    }

    /** One zstd frame of RLE blocks (4 bytes per 128 KiB of output), written by hand: about 2.5 KB for 80 MiB. */
    static byte[] zstdBomb() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ZSTD_MAGIC);
        out.write(0x00); // frame header descriptor: no content size, not single-segment, no checksum, no dictionary
        out.write(0x38); // window descriptor: 2^(10 + 7) = 128 KiB
        int blocks = BOMB_MIB * 8;
        for (int i = 0; i < blocks; i++) {
            int last = i == blocks - 1 ? 1 : 0;
            int header = (128 * 1024) << 3 | 1 << 1 | last; // Block_Size, Block_Type = RLE, Last_Block
            out.write(header & 0xff);
            out.write((header >> 8) & 0xff);
            out.write((header >> 16) & 0xff);
            out.write(0); // the byte repeated
        }
        return out.toByteArray();
    }
}
