package dev.klpscope.elf;

import dev.klpscope.SampleFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bzImage read as the ELF its payload carries, on derived images ({@link DerivedBzImage}: a real kbuild module, the
 * varlayout sample's v1 foo.ko, in place of the vmlinux, followed as in a real image by bytes standing for
 * vmlinux.relocs); bad images refused naming the file and offset. Debian's real vmlinuz files: VmlinuzTest.
 */
class BzImageTest {

    static final Path ELF = SampleFiles.path("kernels/6.12/varlayout/v1/foo.ko");
    static final String FILE = "vmlinuz-derived";

    static byte[] elfAndRelocs() throws IOException {
        byte[] elf = Files.readAllBytes(ELF);
        byte[] out = Arrays.copyOf(elf, elf.length + 4096);
        Arrays.fill(out, elf.length, out.length, (byte) 0xa5);
        return out;
    }

    static MalformedInputException refused(byte[] image) {
        return assertThrows(MalformedInputException.class, () -> ElfImage.fromBytes(FILE, image));
    }

    @Test
    void eachFormatCarriesTheElfItWasMadeOf(@TempDir Path dir) throws IOException {
        byte[] carried = elfAndRelocs();
        ElfImage reference = ElfImage.open(ELF);
        for (Compression c : List.of(Compression.XZ, Compression.ZSTD, Compression.GZIP)) {
            Path vmlinuz = Files.write(dir.resolve("vmlinuz-" + c.label()), DerivedBzImage.of(carried, c));
            ElfImage image = ElfImage.open(vmlinuz);
            assertEquals(vmlinuz.toString(), image.file(), "the file the user gave");
            BzImage bz = image.bzImage().orElseThrow();
            assertEquals(c, bz.compression());
            assertEquals(c, image.compression());
            assertEquals(0x020f, bz.protocol());
            assertEquals(DerivedBzImage.CODE + DerivedBzImage.PAYLOAD_OFFSET, bz.payloadOffset());
            assertEquals(carried.length, bz.vmlinuxSize());
            assertEquals(DerivedBzImage.KERNEL_VERSION, bz.kernelVersion());
            assertEquals(java.util.Optional.of("6.12.95+deb12-amd64"), bz.release());
            assertArrayEquals(carried, image.reader().bytes(0, (int) image.elfSize(), "test"), c.label());
            assertEquals(reference.sections(), image.sections(), c.label());
            assertEquals(reference.symbols(), image.symbols(), c.label());
            assertEquals(reference.buildId(), image.buildId());
        }
    }

    @Test
    void aTruncatedSetupHeaderIsSaid() throws IOException {
        byte[] image = Arrays.copyOf(DerivedBzImage.of(elfAndRelocs(), Compression.XZ), 0x240);
        assertEquals(FILE + ": bzImage setup header (boot protocol 2.08 or later) (592 bytes) extends past the end of the "
                + "data (576 bytes) (at offset 0x0)", refused(image).getMessage());
    }

    @Test
    void aPayloadPastTheEndOfTheFileIsSaid() throws IOException {
        byte[] whole = DerivedBzImage.of(elfAndRelocs(), Compression.ZSTD);
        byte[] cut = Arrays.copyOf(whole, whole.length - 100);
        MalformedInputException e = refused(cut);
        assertEquals(FILE + String.format(": bzImage payload (%d bytes at 0x440: payload_offset 0x40 after 1 setup sectors) "
                + "lies past the end of the file (%d bytes) (at offset 0x248)", whole.length - 0x440, cut.length), e.getMessage());
    }

    @Test
    void aPayloadTooShortToHoldAStreamIsSaid() throws IOException {
        byte[] image = DerivedBzImage.of(elfAndRelocs(), Compression.ZSTD);
        image[0x24c] = 4;
        image[0x24d] = image[0x24e] = image[0x24f] = 0;
        assertEquals(FILE + ": bzImage payload_length 4 is too short for a compressed vmlinux (at offset 0x24c)",
                refused(image).getMessage());
    }

    @Test
    void aCorruptStreamIsSaidWithThePayloadsOffset() throws IOException {
        for (Compression c : List.of(Compression.XZ, Compression.ZSTD, Compression.GZIP)) {
            byte[] image = DerivedBzImage.of(elfAndRelocs(), c);
            int from = DerivedBzImage.CODE + DerivedBzImage.PAYLOAD_OFFSET + 64;
            for (int i = from; i < from + 256; i++) {
                image[i] ^= 0x5a;
            }
            MalformedInputException e = refused(image);
            assertTrue(e.getMessage().startsWith(FILE + ": " + c.label() + " payload of the bzImage: corrupt " + c.label()
                    + " data: "), e.getMessage());
            assertTrue(e.getMessage().endsWith("(at offset 0x440)"), e.getMessage());
        }
    }

    @Test
    void aStreamShorterThanDeclaredIsCorrupt() throws IOException {
        byte[] elf = elfAndRelocs();
        byte[] image = DerivedBzImage.wrap(DerivedBzImage.compress(Compression.XZ, elf), elf.length + 10, 0x020f);
        assertEquals(FILE + String.format(": xz payload of the bzImage decompresses to %d bytes, but the image declares %d: "
                + "the payload is corrupt or truncated (at offset 0x440)", elf.length, elf.length + 10), refused(image).getMessage());
    }

    /** A bomb that says what it is: refused by its declared size, before a byte is decompressed. */
    @Test
    void aDeclaredSizePastTheBoundIsRefusedBeforeDecompressing() throws IOException {
        byte[] elf = elfAndRelocs();
        byte[] stream = DerivedBzImage.compress(Compression.ZSTD, elf);
        byte[] image = DerivedBzImage.wrap(stream, 0xffff_fff0L, 0x020f);
        assertEquals(FILE + String.format(": zstd payload of the bzImage declares a vmlinux of %d bytes, more than the %d "
                + "klpscope decompresses (at offset 0x%x)", 0xffff_fff0L, BzImage.VMLINUX_LIMIT, 0x440 + stream.length),
                refused(image).getMessage());
    }

    /** A bomb that lies about its size: decompression stops at the declared size. */
    @Test
    void aStreamExpandingPastItsDeclaredSizeIsStoppedThere() {
        byte[] stream = DerivedBzImage.compress(Compression.XZ, new byte[32 << 20]);
        byte[] image = DerivedBzImage.wrap(stream, 1 << 20, 0x020f);
        assertEquals(FILE + ": xz payload of the bzImage: xz data expands to more than 1 MiB; refusing to decompress it "
                + "further (at offset 0x440)", refused(image).getMessage());
    }

    @Test
    void aProtocolWithoutPayloadFieldsIsSaid() throws IOException {
        byte[] image = DerivedBzImage.wrap(DerivedBzImage.compress(Compression.XZ, elfAndRelocs()), elfAndRelocs().length, 0x0207);
        assertEquals(FILE + ": bzImage of boot protocol 2.07 has no payload_offset (protocol 2.08 and later, Linux 2.6.26 "
                + "and later) (at offset 0x206)", refused(image).getMessage());
    }

    @Test
    void aFormatKlpscopeCannotDecompressIsNamed() {
        byte[] lz4Legacy = {0x02, 0x21, 0x4c, 0x18, 0, 0, 0, 0, 0, 0, 0, 0};
        assertEquals(FILE + ": bzImage payload is compressed with lz4; klpscope reads xz, zstd and gzip "
                + "(scripts/extract-vmlinux extracts the others) (at offset 0x440)",
                refused(DerivedBzImage.wrap(lz4Legacy, 1000, 0x020f)).getMessage());
    }

    @Test
    void aPayloadThatIsNoElfIsSaidToBeTheBzImages() {
        byte[] text = "not a kernel\n".repeat(100).getBytes(StandardCharsets.US_ASCII);
        assertEquals(FILE + ": vmlinux read from the bzImage: not an ELF file (no \\x7fELF magic at the start) (at offset 0x0 "
                + "of the decompressed vmlinux)",
                refused(DerivedBzImage.of(text, Compression.GZIP)).getMessage());
    }

    @Test
    void aKernelVersionPointingOutsideTheSetupCodeIsNone() throws IOException {
        byte[] image = DerivedBzImage.of(elfAndRelocs(), Compression.XZ);
        image[0x20e] = 0;
        image[0x20f] = 0x70; // 0x7000 + 0x200: past the one setup sector
        BzImage bz = ElfImage.fromBytes(FILE, image).bzImage().orElseThrow();
        assertEquals("", bz.kernelVersion());
        assertEquals(java.util.Optional.empty(), bz.release());
    }

    @Test
    void aBootSectorWithoutItsFlagIsNoKernelImage() throws IOException {
        byte[] image = DerivedBzImage.of(elfAndRelocs(), Compression.XZ);
        image[0x1fe] = 0;
        assertEquals(FILE + ": bzImage has no boot flag 0xaa55 (found 0xaa00): not a kernel image (at offset 0x1fe)",
                refused(image).getMessage());
    }
}
