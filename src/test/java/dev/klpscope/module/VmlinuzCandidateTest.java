package dev.klpscope.module;

import dev.klpscope.SampleFiles;
import dev.klpscope.elf.Compression;
import dev.klpscope.elf.DerivedBzImage;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.MalformedInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A vmlinuz read as a kernel object: the vmlinux a bzImage carries has no {@code .symtab} (the kernel build strips
 * it), so the object reader refuses it with what to do (the loading service makes one with {@code .BTF} a base
 * instead, and says so where the patch patches vmlinux: realkernels.VmlinuzTest); read as a base, its release comes
 * from the setup header. Derived: the varlayout
 * sample's foo.ko with its {@code SHT_SYMTAB} retyped {@code SHT_PROGBITS} (as stripped as klpscope can tell), in a
 * {@link DerivedBzImage}. Debian's own vmlinuz: realkernels.VmlinuzTest.
 */
class VmlinuzCandidateTest {

    static byte[] withoutSymtab(byte[] elf) {
        ByteBuffer b = ByteBuffer.wrap(elf.clone()).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = b.getLong(0x28);
        int entsize = Short.toUnsignedInt(b.getShort(0x3a));
        int count = Short.toUnsignedInt(b.getShort(0x3c));
        for (int i = 0; i < count; i++) {
            int type = (int) shoff + i * entsize + 4;
            if (b.getInt(type) == 2) { // SHT_SYMTAB
                b.putInt(type, 1); // SHT_PROGBITS
            }
        }
        return b.array();
    }

    @Test
    void aVmlinuzIsRefusedAsACandidateWithWhatToDo(@TempDir Path dir) throws Exception {
        byte[] stripped = withoutSymtab(Files.readAllBytes(SampleFiles.path("kernels/6.12/varlayout/v1/foo.ko")));
        Path vmlinuz = Files.write(dir.resolve("vmlinuz-6.12.95+deb12-amd64"), DerivedBzImage.of(stripped, Compression.ZSTD));
        ElfImage image = ElfImage.open(vmlinuz);
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> KernelObjectReader.read(vmlinuz));
        assertEquals(vmlinuz + ": is a bzImage, whose vmlinux the kernel build strips of its symbol table: give it with "
                + "--btf-base for its BTF, and the vmlinux with symbols (Debian's -dbg package) or its System.map as the "
                + "candidate", e.getMessage());
        assertEquals(Optional.of("6.12.95+deb12-amd64"), KernelObjectReader.release(vmlinuz, image));
    }

    @Test
    void theSameElfOutsideABzImageIsAStrippedFile(@TempDir Path dir) throws Exception {
        Path ko = Files.write(dir.resolve("foo.ko"), withoutSymtab(Files.readAllBytes(SampleFiles.path("kernels/6.12/varlayout/v1/foo.ko"))));
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> KernelObjectReader.read(ko));
        assertEquals(ko + ": has no symbol table (.symtab): a kernel module always has one; was it stripped with --strip-all?",
                e.getMessage());
    }
}
