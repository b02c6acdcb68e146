package dev.klpscope.module;

import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.elf.Section;

import java.nio.file.Path;

/**
 * A file that lends its DWARF to the object with the same GNU build id: a separate debug file
 * ({@code objcopy --only-keep-debug} or {@code eu-strip -f} output: RPM {@code debuginfo}'s {@code .ko.debug},
 * {@code /usr/lib/debug/.build-id/xx/….debug}), or a full unstripped copy of the object (Debian's {@code -dbg}
 * modules under {@code /usr/lib/debug/lib/modules/RELEASE/}: the same build, with its DWARF kept).
 *
 * @param file     where to read it (a copy in the extraction cache for a package member)
 * @param reported how reports name it: the file as given, or {@code PACKAGE:MEMBER}
 * @param buildId  its GNU build id, lower-case hex
 */
public record DebugFile(Path file, String reported, String buildId) {

    /**
     * Whether {@code image} is a separate debug file and nothing else (it can never be loaded, so it is never a
     * candidate): it has a {@code .debug_info} with contents, and at least one code section
     * ({@code SHF_ALLOC|SHF_EXECINSTR}), every one of which is {@code SHT_NOBITS}. That is what
     * {@code objcopy --only-keep-debug} and {@code eu-strip -f} leave: every allocated section but the notes keeps
     * its header and loses its bytes. A module or vmlinux with its code is not, stripped or not.
     */
    public static boolean isDebugOnly(ElfImage image) {
        boolean anyCode = false;
        for (Section s : image.sections()) {
            if (s.isAlloc() && s.isExecutable()) {
                if (s.type() != Section.SHT_NOBITS) {
                    return false;
                }
                anyCode = true;
            }
        }
        return anyCode && hasDwarf(image);
    }

    /** Whether the file carries DWARF of its own: a {@code .debug_info} with bytes in the file. */
    public static boolean hasDwarf(ElfImage image) {
        return image.section(".debug_info").filter(s -> s.occupiesFile() && s.size() > 0).isPresent();
    }

    /**
     * {@code image} read as a debug file.
     *
     * @throws MalformedInputException naming the file when it has no DWARF or no build id to be paired by
     */
    public static DebugFile of(Path file, String reported, ElfImage image) {
        if (!hasDwarf(image)) {
            throw new MalformedInputException(reported, "has no DWARF (.debug_info): not a debug file");
        }
        String id = image.buildId().orElseThrow(() -> new MalformedInputException(reported,
                "has no GNU build id (.note.gnu.build-id): a debug file is paired with its object by build id"));
        return new DebugFile(file, reported, id);
    }

    /** {@link #of(Path, String, ElfImage)}, opening the file (compressed or not). */
    public static DebugFile read(Path file, String reported) {
        return of(file, reported, ElfImage.open(file));
    }
}
