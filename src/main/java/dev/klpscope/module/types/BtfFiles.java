package dev.klpscope.module.types;

import dev.klpscope.elf.ByteReader;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.elf.Section;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where BTF is found: the {@code .BTF} section of vmlinux or of a module (split on vmlinux's, or on the module's
 * own distilled {@code .BTF.base}, which kbuild adds to out-of-tree modules from 6.11 and the kernel relocates onto
 * vmlinux's at load, kernel/bpf/btf_relocate.c), or a raw BTF file such as a copy of {@code /sys/kernel/btf/vmlinux}.
 */
public final class BtfFiles {

    /** What a module's distilled base BTF is read as ({@link Btf#what()}): {@link DistilledBase}. */
    static final String DISTILLED = ".BTF.base";

    /** A raw BTF file larger than this is refused: vmlinux's is about 5 MB. */
    static final long RAW_LIMIT = 256L << 20;

    private BtfFiles() {
    }

    /** Whether the object carries BTF of its own. */
    public static boolean has(ElfImage image) {
        return image.section(".BTF").isPresent();
    }

    /**
     * The object's {@code .BTF}: on {@code base} (vmlinux's) unless the object carries its own distilled
     * {@code .BTF.base}; base BTF when {@code base} is null and there is no {@code .BTF.base} (vmlinux, or a
     * module read without its base, whose ids past its own then fail when followed).
     */
    public static Optional<Btf> of(ElfImage image, Btf base) {
        Optional<Section> btf = image.section(".BTF");
        if (btf.isEmpty()) {
            return Optional.empty();
        }
        int pointer = image.header().is64() ? 8 : 4;
        Btf on = base;
        Optional<Section> distilled = image.section(".BTF.base");
        if (distilled.isPresent()) {
            on = Btf.read(image.data(distilled.get()), DISTILLED, null, pointer);
        }
        String what = image.bzImage().isPresent() ? ".BTF of the " + dev.klpscope.elf.BzImage.READ_FROM : ".BTF";
        return Optional.of(Btf.read(image.data(btf.get()), what, on, pointer));
    }

    /**
     * The object's {@code .BTF}, split on its own distilled {@code .BTF.base}, relocated onto {@code vmlinux} (the BTF
     * of the vmlinux of its release) as the kernel does at load ({@link BtfRelocation}); empty when it has no distilled
     * base or a distilled type has no single match in {@code vmlinux}.
     */
    public static Optional<Btf> relocated(ElfImage image, Btf vmlinux) {
        Optional<Section> btf = image.section(".BTF");
        Optional<Section> distilled = image.section(".BTF.base");
        if (btf.isEmpty() || distilled.isEmpty()) {
            return Optional.empty();
        }
        int pointer = image.header().is64() ? 8 : 4;
        Btf base = Btf.read(image.data(distilled.get()), DISTILLED, null, pointer);
        return BtfRelocation.relocate(image.data(btf.get()), base, vmlinux, pointer);
    }

    /** Whether the object's {@code .BTF} is split BTF that needs vmlinux's as its base. */
    public static boolean needsBase(ElfImage image, boolean isVmlinux) {
        return has(image) && !isVmlinux && image.section(".BTF.base").isEmpty();
    }

    /**
     * A base BTF given by the user ({@code --btf-base}): a raw BTF file, or a vmlinux (ELF) whose {@code .BTF} is
     * read. Anything else is malformed input naming the file.
     */
    public static Btf base(Path path) {
        if (isRaw(path)) {
            return raw(path);
        }
        ElfImage image;
        try {
            image = ElfImage.open(path);
        } catch (MalformedInputException e) {
            throw new MalformedInputException(path, "is neither raw BTF (magic 0xeb9f) nor a vmlinux with .BTF: " + e.problem());
        }
        return of(image, null).orElseThrow(() -> new MalformedInputException(path,
                "has no .BTF section: a BTF base is a raw BTF file (a copy of /sys/kernel/btf/vmlinux) or a vmlinux with .BTF"));
    }

    /** Whether the file starts with the BTF magic in either byte order (a raw BTF file, not an ELF). */
    public static boolean isRaw(Path path) {
        if (!Files.isRegularFile(path)) { // a pipe read here to look would be read empty by whatever reads it next
            return false;
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] magic = in.readNBytes(2);
            return magic.length == 2 && (isMagic(magic, ByteOrder.LITTLE_ENDIAN) || isMagic(magic, ByteOrder.BIG_ENDIAN));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isMagic(byte[] m, ByteOrder order) {
        int v = order == ByteOrder.LITTLE_ENDIAN ? (m[0] & 0xff) | (m[1] & 0xff) << 8 : (m[1] & 0xff) | (m[0] & 0xff) << 8;
        return v == BtfHeader.MAGIC;
    }

    /**
     * A raw BTF file (base BTF, e.g. a copy of {@code /sys/kernel/btf/vmlinux}), read whole (sysfs reports no size
     * one can map) under {@link #RAW_LIMIT}; its byte order from its magic.
     */
    public static Btf raw(Path path) {
        String file = path.toString();
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes((int) RAW_LIMIT + 1);
        } catch (NoSuchFileException e) {
            throw new MalformedInputException(file, "no such file");
        } catch (IOException e) {
            throw new MalformedInputException(file, "cannot be read: " + e.getMessage());
        }
        if (bytes.length > RAW_LIMIT) {
            throw new MalformedInputException(file, "is larger than " + (RAW_LIMIT >> 20) + " MiB: not a BTF file (vmlinux's is about 5 MB)");
        }
        ByteOrder order = bytes.length >= 2 && isMagic(bytes, ByteOrder.BIG_ENDIAN) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        return Btf.read(ByteReader.of(bytes, order, file), "BTF", null, 8);
    }
}
