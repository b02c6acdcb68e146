package dev.klpscope.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An opened ELF file: its header and section table read and checked up front, symbols and relocations
 * decoded on demand and cached. Plain files are memory-mapped (read-only; klpscope never opens an input
 * for writing); anything else (a FIFO, {@code /dev/stdin}, process substitution) cannot be mapped and is read once
 * into memory under the same bound as decompression; compressed modules are decompressed into memory under that
 * bound. A module signature trailer is recognised and excluded from the ELF data. An x86 bzImage ({@code vmlinuz})
 * is read as the vmlinux ELF its payload carries ({@link BzImage}), decompressed into memory under the same bound;
 * the image keeps the name of the file the user gave.
 *
 * <p>This is the only class above {@link ByteReader} that touches raw bytes, and the only one that uses
 * jelf (for the file header, see {@link JelfHeader}). Nothing it returns exposes jelf types.
 */
public final class ElfImage {

    /** Decompressed modules larger than this are refused: the largest real module is ~360 MB unstripped. */
    public static final long DEFAULT_DECOMPRESSED_LIMIT = 1L << 30;

    private final String file;
    private final long fileSize;
    private final Compression compression;
    private final BzImage bzImage;
    private final ModuleSignature signature;
    private final ByteReader signatureBlob;
    private final ByteReader data;
    private final ElfHeader header;
    private final List<Section> sections;
    private final Map<Integer, Symbols> symbolCache = new ConcurrentHashMap<>();
    private final Map<Integer, RelocationTable> relocationCache = new ConcurrentHashMap<>();
    private final Map<Class<?>, Object> derived = new ConcurrentHashMap<>();

    private ElfImage(String file, long fileSize, Compression compression, BzImage bzImage, ModuleSignature signature,
                     ByteReader signatureBlob, ByteReader data, ElfHeader header, List<Section> sections) {
        this.file = file;
        this.fileSize = fileSize;
        this.compression = compression;
        this.bzImage = bzImage;
        this.signature = signature;
        this.signatureBlob = signatureBlob;
        this.data = data;
        this.header = header;
        this.sections = sections;
    }

    public static ElfImage open(Path path) {
        return open(path, DEFAULT_DECOMPRESSED_LIMIT);
    }

    public static ElfImage open(Path path, long decompressedLimit) {
        String file = path.toString();
        if (Files.exists(path) && !Files.isRegularFile(path) && !Files.isDirectory(path)) {
            byte[] bytes = StreamedInput.read(path, decompressedLimit);
            return fromBuffer(file, ByteBuffer.wrap(bytes), bytes.length, decompressedLimit);
        }
        ByteBuffer raw;
        long size;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new MalformedInputException(file, String.format(
                        "file is %d MiB; files over 2 GiB are not supported (the largest vmlinux with debug info is ~650 MB)",
                        size >> 20));
            }
            raw = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
        } catch (NoSuchFileException e) {
            throw new MalformedInputException(file, "no such file");
        } catch (IOException e) {
            if (Files.isDirectory(path)) {
                throw new MalformedInputException(file, "is a directory, not an ELF file");
            }
            throw new MalformedInputException(file, "cannot be read: " + e.getMessage());
        }
        return fromBuffer(file, raw, size, decompressedLimit);
    }

    /**
     * No ELF file at all: a vmlinux known only from a text symbol list ({@code System.map}), which has no header,
     * sections or bytes. Its class is what the addresses' width says; its machine is unknown ({@code EM_NONE}).
     */
    public static ElfImage absent(String file, long fileSize, boolean is64) {
        ByteReader none = new ByteReader(ByteBuffer.allocate(0), ByteOrder.LITTLE_ENDIAN, file);
        ElfHeader header = new ElfHeader(is64, ByteOrder.LITTLE_ENDIAN, 0, ElfHeader.ET_EXEC, 0, 1, 0, 0, 0, 0, 0, 0);
        return new ElfImage(file, fileSize, Compression.NONE, null, null, null, none, header, List.of());
    }

    /** Opens bytes already in memory (used by tests that derive broken inputs from the samples). */
    public static ElfImage fromBytes(String file, byte[] bytes) {
        return fromBytes(file, bytes, DEFAULT_DECOMPRESSED_LIMIT);
    }

    /** As {@link #fromBytes(String, byte[])} with a lower decompression bound (fuzzing and bomb tests). */
    public static ElfImage fromBytes(String file, byte[] bytes, long decompressedLimit) {
        return fromBuffer(file, ByteBuffer.wrap(bytes), bytes.length, decompressedLimit);
    }

    private static ElfImage fromBuffer(String file, ByteBuffer raw, long size, long limit) {
        Compression compression = Compression.detect(raw);
        BzImage bzImage = null;
        ByteBuffer elf;
        if (compression == Compression.NONE && BzImage.is(raw)) {
            ByteReader image = new ByteReader(raw, ByteOrder.LITTLE_ENDIAN, file);
            bzImage = BzImage.read(image);
            compression = bzImage.compression();
            elf = ByteBuffer.wrap(bzImage.vmlinux(image, limit));
        } else {
            elf = compression == Compression.NONE ? raw : ByteBuffer.wrap(compression.decompress(raw, limit, file));
        }
        ByteReader whole = new ByteReader(elf, ByteOrder.LITTLE_ENDIAN, file);
        ModuleSignature signature = ModuleSignature.find(whole);
        long elfLength = signature == null ? whole.length() : signature.elfLength();
        ElfHeader header = inBzImage(bzImage, () -> JelfHeader.read(whole.slice(0, elfLength, "ELF data")));
        ByteReader data = new ByteReader(elf.slice(0, (int) elfLength), header.order(), file);
        List<Section> sections = inBzImage(bzImage, () -> SectionTableReader.read(data, header));
        ByteReader blob = signature == null ? null
                : whole.slice(signature.elfLength(), signature.signatureLength(), "module signature");
        return new ElfImage(file, size, compression, bzImage, signature, blob, data, header, sections);
    }

    /**
     * A payload that decompresses to something other than an ELF file is said to be the bzImage's, its offset one in
     * the decompressed vmlinux, not in the file.
     */
    private static <T> T inBzImage(BzImage bzImage, java.util.function.Supplier<T> read) {
        if (bzImage == null) {
            return read.get();
        }
        try {
            return read.get();
        } catch (MalformedInputException e) {
            String at = e.offset().isPresent()
                    ? String.format(" (at offset 0x%x of the decompressed vmlinux)", e.offset().getAsLong()) : "";
            throw new MalformedInputException(e.file(), BzImage.READ_FROM + ": " + e.problem() + at);
        }
    }

    public String file() {
        return file;
    }

    /** Size of the file on disk (compressed, with signature). */
    public long fileSize() {
        return fileSize;
    }

    /** Size of the ELF data (decompressed, without signature). */
    public long elfSize() {
        return data.length();
    }

    /** How the ELF data is compressed in the file: a compressed module's, or the payload's of a bzImage. */
    public Compression compression() {
        return compression;
    }

    /** The bzImage ({@code vmlinuz}) the ELF was read from, if it was. */
    public Optional<BzImage> bzImage() {
        return Optional.ofNullable(bzImage);
    }

    public Optional<ModuleSignature> signature() {
        return Optional.ofNullable(signature);
    }

    /**
     * The signers of the appended PKCS#7 signature, read when asked (only the signature check needs them); empty
     * when the file is not signed.
     *
     * @throws MalformedInputException the signature is not a PKCS#7 message klpscope can read
     */
    public Optional<Pkcs7Message> signatureMessage() {
        return signatureBlob == null ? Optional.empty() : Optional.of(derived(Pkcs7Message.class,
                i -> Pkcs7Message.read(signatureBlob)));
    }

    public ElfHeader header() {
        return header;
    }

    public List<Section> sections() {
        return sections;
    }

    public Section section(int index) {
        if (index < 0 || index >= sections.size()) {
            throw new MalformedInputException(file, "section index " + index + " out of range (" + sections.size() + " sections)");
        }
        return sections.get(index);
    }

    public Optional<Section> section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The bytes of a section; empty for {@code SHT_NOBITS}. */
    public ByteReader data(Section section) {
        if (!section.occupiesFile()) {
            return data.slice(0, 0, section.name());
        }
        return data.slice(section.offset(), section.size(), "section " + section.name());
    }

    /** The reader over the whole ELF data. */
    public ByteReader reader() {
        return data;
    }

    /** The {@code .symtab} (the kernel keeps the whole of it for livepatch modules), if any. */
    public Optional<Section> symbolTableSection() {
        return sections.stream().filter(s -> s.type() == Section.SHT_SYMTAB).findFirst();
    }

    /** All entries of {@code .symtab} in file order (index 0 included), or an empty list when there is none. */
    public Symbols symbols() {
        return symbolTableSection().map(this::symbols).orElse(NO_SYMBOLS);
    }

    private static final Symbols NO_SYMBOLS = Symbols.of(List.of());

    public Symbols symbols(Section symtab) {
        return symbolCache.computeIfAbsent(symtab.index(), i -> SymbolTableReader.read(this, symtab));
    }

    /**
     * The entries of a relocation section, each decoded when asked for ({@link RelocationTable}): a {@code -dbg}
     * vmlinux's {@code .rela.text} has millions, of which one function's code needs a few.
     */
    public RelocationTable relocations(Section relocationSection) {
        if (relocationSection.isDebug()) {
            return RelocationReader.read(this, relocationSection);
        }
        return relocationCache.computeIfAbsent(relocationSection.index(), i -> RelocationReader.read(this, relocationSection));
    }

    /**
     * A value a higher layer derives from this image (an index of its relocations, say), computed once and
     * dropped with the image: kept here rather than in a map keyed by the image, which would keep it alive.
     */
    public <T> T derived(Class<T> kind, java.util.function.Function<ElfImage, T> compute) {
        return kind.cast(derived.computeIfAbsent(kind, k -> compute.apply(this)));
    }

    public String relocationTypeName(int type) {
        return RelocationTypes.name(header.machine(), type);
    }

    /**
     * The GNU build id, as lower-case hex: from {@code .note.gnu.build-id} (modules), else from any other note
     * section (a vmlinux links every note into {@code .notes}).
     */
    public Optional<String> buildId() {
        Optional<Section> named = section(".note.gnu.build-id");
        if (named.isPresent() && named.get().occupiesFile()) {
            return buildId(named.get());
        }
        for (Section s : sections) {
            if (s.type() == Section.SHT_NOTE && s.occupiesFile()) {
                Optional<String> id = buildId(s);
                if (id.isPresent()) {
                    return id;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<String> buildId(Section note) {
        ByteReader r = data(note);
        long off = 0;
        while (off + 12 <= r.length()) {
            long nameSize = r.u32(off, "note name size");
            long descSize = r.u32(off + 4, "note descriptor size");
            long type = r.u32(off + 8, "note type");
            long name = off + 12;
            long desc = name + align4(nameSize);
            if (!r.fits(name, nameSize) || !r.fits(desc, descSize) || descSize > 1024) {
                return Optional.empty();
            }
            if (type == 3 && nameSize == 4 && java.util.Arrays.equals(r.bytes(name, 4, "note name"), GNU)) { // NT_GNU_BUILD_ID, "GNU\0" (not Xen's type 3)
                return Optional.of(HexFormat.of().formatHex(r.bytes(desc, (int) descSize, "build id")));
            }
            off = desc + align4(descSize);
        }
        return Optional.empty();
    }

    private static final byte[] GNU = {'G', 'N', 'U', 0};

    private static long align4(long v) {
        return (v + 3) & ~3L;
    }

    /** Reads a NUL-terminated string from a section at {@code offset} (e.g. a string in {@code .rodata.str}). */
    public String string(Section section, long offset) {
        return data(section).cString(offset, section.size(), "string in " + section.name());
    }

    static List<Section> unmodifiable(List<Section> list) {
        return Collections.unmodifiableList(new ArrayList<>(list));
    }
}
