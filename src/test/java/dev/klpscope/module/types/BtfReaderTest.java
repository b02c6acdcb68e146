package dev.klpscope.module.types;

import dev.klpscope.elf.ByteReader;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.MalformedInputException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The BTF reader on real BTF (pahole's of the seed module; Debian's vmlinux and modules where cached) and on broken
 * inputs derived from it: each is one {@link MalformedInputException} naming the file, or a bounded answer for the
 * cycles a file can make (never a hang). The expected layouts are those of the kernel's C sources.
 */
class BtfReaderTest {

    static final String FILE = "broken.btf";

    static Btf seed() {
        return Btf.read(ByteReader.of(BtfTestFiles.seedBtf(), ByteOrder.LITTLE_ENDIAN, FILE), "BTF", null, 8);
    }

    static int composite(Btf btf, String name) {
        return btf.named(name).stream().filter(i -> btf.type(i) instanceof BtfType.Composite).findFirst().orElseThrow();
    }

    @Test
    void listHeadPointsToItselfAndIsNamedNotFollowed() {
        Btf btf = seed();
        TypeLayout l = Layouts.of(btf, composite(btf, "list_head"));
        // include/linux/types.h: struct list_head { struct list_head *next, *prev; };
        assertEquals("struct list_head", l.type());
        assertEquals(16, l.size());
        assertEquals(List.of(new TypeLayout.Member("next", 0, 0, 8, "struct list_head *"),
                new TypeLayout.Member("prev", 64, 0, 8, "struct list_head *")), l.members());
    }

    @Test
    void anonymousMembersAreFlattenedAndNamedOnesExpanded() {
        Btf btf = seed();
        // include/linux/types.h: struct callback_head { struct callback_head *next; void (*func)(struct callback_head *); }
        TypeLayout rcu = Layouts.of(btf, composite(btf, "callback_head"));
        assertEquals(List.of("next", "func"), rcu.members().stream().map(TypeLayout.Member::path).toList());
        // include/linux/kobject.h: struct kobject { const char *name; struct list_head entry; ... }
        TypeLayout kobject = Layouts.of(btf, composite(btf, "kobject"));
        List<String> paths = kobject.members().stream().map(TypeLayout.Member::path).toList();
        assertEquals(List.of("name", "entry", "entry.next", "entry.prev"), paths.subList(0, 4));
        assertEquals("const char *", kobject.members().get(0).type());
    }

    @Test
    void rawFileFromDisk(@TempDir Path dir) {
        Path file = BtfTestFiles.write(dir, "vmlinux.btf", BtfTestFiles.seedBtf());
        assertTrue(BtfFiles.isRaw(file));
        Btf btf = BtfFiles.raw(file);
        assertEquals(file.toString(), btf.file());
        assertEquals(16, Layouts.of(btf, composite(btf, "list_head")).size());
    }

    /**
     * Every named type of the seed's BTF (more than {@link Btf#SCANNED_LOOKUPS}, so both the record-by-record
     * comparison and the index answer) is found under the ids bpftool gives it, in id order; a name absent is not.
     */
    @Test
    void lookupsByNameGiveBpftoolsIds(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(BpftoolAgreementTest.available(), "bpftool is not installed");
        Path file = BtfTestFiles.write(dir, "seed.btf", BtfTestFiles.seedBtf());
        Process p = new ProcessBuilder("bpftool", "btf", "dump", "file", file.toString(), "format", "raw")
                .redirectErrorStream(true).start();
        java.util.Map<String, List<Integer>> expected = new java.util.TreeMap<>();
        java.util.regex.Pattern named = java.util.regex.Pattern.compile(
                "^\\[(\\d+)] (STRUCT|UNION|ENUM|ENUM64|FWD|TYPEDEF|VAR|FUNC) '([^']+)'");
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
            for (String line; (line = lines.readLine()) != null; ) {
                java.util.regex.Matcher m = named.matcher(line);
                if (m.find() && !m.group(3).equals("(anon)")) { // bpftool's word for no name
                    expected.computeIfAbsent(m.group(3), k -> new java.util.ArrayList<>()).add(Integer.parseInt(m.group(1)));
                }
            }
        }
        assertEquals(0, p.waitFor(), "bpftool on " + file);
        assertTrue(expected.size() > 4 * Btf.SCANNED_LOOKUPS, expected.size() + " names");
        Btf btf = BtfFiles.raw(file);
        for (var e : expected.entrySet()) {
            assertEquals(e.getValue(), btf.named(e.getKey()), e.getKey());
        }
        assertEquals(List.of(), btf.named("no_such_type"));
        assertEquals(List.of(), btf.named("list_hea"), "a prefix of a name is not the name");
    }

    @Test
    void splitBtfContinuesTheBasesIdsAndStrings() {
        Path vmlinux = BtfTestFiles.vmlinux612();
        Assumptions.assumeTrue(Files.isRegularFile(vmlinux), "no 6.12 vmlinux in the cache");
        Btf base = BtfFiles.of(ElfImage.open(vmlinux), null).orElseThrow();
        ElfImage module = ElfImage.open(dev.klpscope.SampleFiles.path("kernels/6.12/varlayout/v2/foo.ko"));
        assertTrue(BtfFiles.needsBase(module, false));
        Btf split = BtfFiles.of(module, base).orElseThrow();
        assertEquals(base.endId(), split.startId());
        BtfType.Variable v = split.variable("foo_stats").orElseThrow();
        assertTrue(split.named("foo_stats").get(0) >= split.startId(), "the VAR is the module's own");
        TypeLayout l = Layouts.of(split, v.type());
        // samples/src/varlayout/v2/foo.c: struct foo_stats { unsigned long misses; unsigned long hits; }
        assertEquals(List.of(new TypeLayout.Member("misses", 0, 0, 8, "long unsigned int"),
                new TypeLayout.Member("hits", 64, 0, 8, "long unsigned int")), l.members());
        assertFalse(split.named("list_head").isEmpty(), "base types are found through the split BTF");
    }

    // ---- broken input, derived from the real seed BTF ------------------------------------------------

    static byte[] edit(Consumer<ByteBuffer> change) {
        byte[] bytes = BtfTestFiles.seedBtf();
        change.accept(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        return bytes;
    }

    static MalformedInputException refused(byte[] bytes, String expected) {
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> {
            Btf btf = Btf.read(ByteReader.of(bytes, ByteOrder.LITTLE_ENDIAN, FILE), "BTF", null, 8);
            for (int id = 1; id < btf.endId(); id++) {
                TypeNames.name(btf, id);
                Layouts.of(btf, id);
            }
        });
        assertEquals(FILE, e.file());
        assertTrue(e.getMessage().startsWith(FILE + ": ") && e.getMessage().contains(expected), e.getMessage());
        return e;
    }

    @Test
    void headerProblems() {
        refused(new byte[0], "shorter than a BTF header");
        refused(edit(b -> b.putShort(0, (short) 0x1234)), "bad magic 0x1234");
        refused(edit(b -> b.put(2, (byte) 2)), "BTF version 2");
        refused(edit(b -> b.put(3, (byte) 1)), "header flags 0x1");
        refused(edit(b -> b.putInt(4, 0x7fffffff)), "hdr_len 2147483647 is outside");
        refused(edit(b -> b.putInt(12, 0x7ffffff0)), "type section [0, +2147483632) extends past the end");
        refused(edit(b -> b.putInt(20, 0x7fffffff)), "string section");
        refused(edit(b -> b.putInt(8, 2)), "not 4-byte aligned");
        refused(edit(b -> b.putInt(16, 0)), "overlap");
    }

    @Test
    void stringSectionMustEndInNul() {
        refused(edit(b -> b.put(b.capacity() - 1, (byte) 'x')), "string section does not start and end with NUL");
    }

    @Test
    void recordsPastTheSectionAndUnknownKinds() {
        Btf btf = seed();
        // a struct claiming 2^24 - 1 members: its record cannot fit, and nothing is allocated for them
        int structId = composite(btf, "list_head");
        long at = btf.recordOffset(structId);
        refused(edit(b -> b.putInt((int) at + 4, (4 << 24) | 0xffffff)), "type " + structId + " (kind 4, 16777215 entries)");
        refused(edit(b -> b.putInt((int) btf.recordOffset(1) + 4, 0x7f << 24)), "type 1 has unknown kind 127");
        refused(edit(b -> b.putInt(12, b.getInt(12) - 2 * 4)), "extends past the end");
    }

    @Test
    void badIdsAndNamesAreReportedWhereFollowed() {
        Btf btf = seed();
        int ptr = firstOf(btf, BtfType.Pointer.class);
        refused(edit(b -> b.putInt((int) btf.recordOffset(ptr) + 8, 0x7ffff)), "type id 524287 is past the last type");
        int structId = composite(btf, "list_head");
        refused(edit(b -> b.putInt((int) btf.recordOffset(structId), 0xfffff0)), "past the string section");
    }

    @Test
    void cyclesEndInsteadOfHanging() {
        Btf clean = seed();
        int typedef = firstTypedef(clean);
        byte[] selfTypedef = edit(b -> b.putInt((int) clean.recordOffset(typedef) + 8, typedef));
        int structId = composite(clean, "list_head");
        // struct list_head whose first member is a struct list_head (not a pointer): infinite in C, finite here
        byte[] selfStruct = edit(b -> b.putInt((int) clean.recordOffset(structId) + 12 + 4, structId));
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> {
            Btf a = Btf.read(ByteReader.of(selfTypedef, ByteOrder.LITTLE_ENDIAN, FILE), "BTF", null, 8);
            assertEquals(clean.type(typedef).name(), TypeNames.name(a, typedef), "a typedef is named, not followed");
            assertEquals(0, TypeNames.size(a, typedef), "its size cannot be told");
            assertEquals(null, TypeNames.resolve(a, typedef), "nothing under it");
            Btf s = Btf.read(ByteReader.of(selfStruct, ByteOrder.LITTLE_ENDIAN, FILE), "BTF", null, 8);
            TypeLayout l = Layouts.of(s, structId);
            assertTrue(l.members().size() <= Layouts.MAX_MEMBERS, "bounded: " + l.members().size());
            assertEquals("next", l.members().get(0).path());
        });
    }

    static int firstOf(Btf btf, Class<? extends BtfType> kind) {
        for (int id = 1; id < btf.endId(); id++) {
            if (kind.isInstance(btf.type(id))) {
                return id;
            }
        }
        throw new AssertionError("no " + kind.getSimpleName());
    }

    static int firstTypedef(Btf btf) {
        for (int id = 1; id < btf.endId(); id++) {
            if (btf.type(id) instanceof BtfType.Reference r && r.kind() == BtfType.RefKind.TYPEDEF) {
                return id;
            }
        }
        throw new AssertionError("no typedef");
    }
}
