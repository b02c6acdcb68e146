package dev.klpscope.module;

import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.elf.Symbol;
import dev.klpscope.elf.TextLines;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A vmlinux known only from its {@code System.map} (kbuild's {@code scripts/mksysmap}: {@code nm -n vmlinux}, one
 * {@code ADDRESS TYPE NAME} line per symbol, sorted by address), with the exports of a {@code Module.symvers} of the
 * same build when one lies beside it. The kernel counts a vmlinux's same-named symbols for sympos in kallsyms order,
 * which is address order ({@code kallsyms_on_each_match_symbol()} over {@code scripts/kallsyms}' address-sorted
 * table), so the map gives {@code klp_find_object_symbol()}'s answer; it gives no sizes, sections, code or types
 * beyond the letter ({@link SymbolSource.SystemMap#notJudged()}).
 *
 * <p>Debian's {@code linux-image} package ships a one-line placeholder instead
 * ({@code ffffffffffffffff B The real System.map is in the linux-image-<version>-dbg package}): refused, naming the
 * {@code -dbg} package, whose vmlinux judges everything.
 */
public final class SystemMapReader {

    /** {@code KSYM_NAME_LEN} is 512: an address, a letter and such a name fit well within this. */
    static final int MAX_LINE = 1024;
    /** A distribution vmlinux has ~160 k symbols, allyesconfig under a million. */
    static final long MAX_LINES = 4_000_000;
    static final long MAX_BYTES = 512L << 20;

    private static final String PLACEHOLDER = "The real System.map is in the ";

    private SystemMapReader() {
    }

    /**
     * Whether {@code path} is to be read as a System.map: named so ({@code System.map*}, {@code *.map}; then a
     * broken one is said as a broken map, not as "not an ELF file"), or starting like one.
     */
    public static boolean isSystemMap(Path path) {
        Path name = path.getFileName();
        String n = name == null ? "" : name.toString();
        return Files.isRegularFile(path) && (n.startsWith("System.map") || n.endsWith(".map")) || looksLikeSystemMap(path);
    }

    /** Whether {@code path} starts like a System.map (a hexadecimal address, a space, a letter, a space). */
    public static boolean looksLikeSystemMap(Path path) {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(32);
        } catch (IOException e) {
            return false;
        }
        int i = 0;
        while (i < head.length && Character.digit(head[i], 16) >= 0) {
            i++;
        }
        return i >= 8 && i + 2 < head.length && head[i] == ' ' && Character.isLetter(head[i + 1]) && head[i + 2] == ' ';
    }

    /** Whether {@code path} is Debian's one-line placeholder, not a map (read before anything larger is). */
    public static boolean isPlaceholder(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] head = in.readNBytes(128);
            String line = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1);
            return line.indexOf('\n') == line.length() - 1 && line.contains(PLACEHOLDER);
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads {@code map}, with the symvers {@link #companion} finds beside it. */
    public static KernelObject read(Path map) {
        return read(map, companion(map));
    }

    public static KernelObject read(Path map, Optional<Path> symvers) {
        TextLines text = TextLines.open(map, MAX_BYTES, "a System.map");
        List<Symbol> symbols = new ArrayList<>();
        symbols.add(new Symbol(0, "", 0, 0, 0, 0, Symbol.SHN_UNDEF)); // index 0, as in ELF: letters line up with lines
        StringBuilder letters = new StringBuilder("\0");
        int[] width = {0};
        text.forEach(MAX_LINE, MAX_LINES, (number, line) -> {
            Symbol s = parse(text, number, line, width);
            symbols.add(s);
            letters.append(line.charAt(width[0] + 1));
        });
        if (symbols.size() == 2 && symbols.get(1).name().startsWith(PLACEHOLDER)) {
            throw new MalformedInputException(map.toString(), "is Debian's placeholder System.map (\""
                    + symbols.get(1).name() + "\"): use the vmlinux of the -dbg package");
        }
        Versions versions = symvers.map(ModuleSymvers::read).orElse(Versions.NONE);
        SymbolTable table = SymbolTable.forSystemMap(symbols, i -> SystemMapLetters.counted(letters.charAt(i)));
        SymbolSource.SystemMap source = new SymbolSource.SystemMap(map.toString(), symvers.map(Path::toString),
                releaseOf(map), letters.toString());
        long size;
        try {
            size = Files.size(map);
        } catch (IOException e) {
            size = 0;
        }
        return new KernelObject(map.toString(), ObjectKind.VMLINUX, "vmlinux", "System.map", ModInfo.EMPTY,
                Optional.empty(), table, versions, ElfImage.absent(map.toString(), size, width[0] > 8), Optional.empty(),
                Optional.empty(), source);
    }

    /** One {@code ADDRESS TYPE NAME} line; every address has the width of the first. */
    private static Symbol parse(TextLines text, long number, String line, int[] width) {
        int sp = line.indexOf(' ');
        if (sp != 8 && sp != 16 || line.length() < sp + 4 || line.charAt(sp + 2) != ' '
                || !Character.isLetter(line.charAt(sp + 1)) || width[0] != 0 && sp != width[0]) {
            throw text.badLine(number, line, "'ADDRESS TYPE NAME' (nm format, " + (width[0] == 0 ? "8 or 16" : width[0])
                    + " hex digits)");
        }
        long address;
        try {
            address = Long.parseUnsignedLong(line, 0, sp, 16);
        } catch (NumberFormatException e) {
            throw text.badLine(number, line, "a hexadecimal address first");
        }
        String name = line.substring(sp + 3);
        int tab = name.indexOf('\t'); // a /proc/kallsyms module suffix ("\t[mod]") or a stray field
        if (tab >= 0 || name.indexOf(' ') >= 0 && !name.startsWith(PLACEHOLDER)) {
            throw text.badLine(number, line, "one symbol name after the type letter");
        }
        width[0] = sp;
        char c = line.charAt(sp + 1);
        int section = switch (c) {
            case 'U', 'w', 'v' -> Symbol.SHN_UNDEF;
            case 'a', 'A' -> Symbol.SHN_ABS;
            default -> 1; // a section the map does not name; the object has no section table
        };
        int info = SystemMapLetters.binding(c) << 4 | SystemMapLetters.type(c);
        return new Symbol((int) (long) number, name, address, 0, info, 0, section);
    }

    /**
     * The {@code System.map-RELEASE} file name's release; Fedora's {@code lib/modules/RELEASE/System.map} says it in
     * its folder's name; a build folder's {@code System.map} in {@code include/config/kernel.release} beside it.
     */
    static Optional<String> releaseOf(Path map) {
        String name = map.getFileName().toString();
        if (name.startsWith("System.map-") && name.length() > "System.map-".length()) {
            return Optional.of(name.substring("System.map-".length()));
        }
        Path dir = map.getParent();
        if (dir != null && dir.getFileName() != null && dir.getParent() != null && dir.getParent().getFileName() != null
                && dir.getParent().getFileName().toString().equals("modules") && !dir.getFileName().toString().contains(" ")) {
            return Optional.of(dir.getFileName().toString());
        }
        Path release = map.resolveSibling("include/config/kernel.release");
        try {
            if (Files.isRegularFile(release) && Files.size(release) < 256) {
                String r = Files.readString(release).trim();
                return r.isEmpty() || r.contains(" ") ? Optional.empty() : Optional.of(r);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * The symvers of the map's build, looked for beside it: {@code symvers-RELEASE(.gz|.xz|.zst)} (Fedora's and
     * SUSE's {@code /boot}), {@code Module.symvers} (a build folder), {@code symvers(.gz|.xz)} (Fedora's
     * {@code /lib/modules/RELEASE}); for {@code /boot/System.map-RELEASE}, the installed headers'
     * {@code /lib/modules/RELEASE/build/Module.symvers} (Debian's {@code linux-headers}).
     */
    public static Optional<Path> companion(Path map) {
        Optional<String> release = releaseOf(map);
        List<Path> places = new ArrayList<>();
        release.ifPresent(r -> {
            for (String ext : new String[] {".gz", ".xz", ".zst", ""}) {
                places.add(map.resolveSibling("symvers-" + r + ext));
            }
        });
        places.add(map.resolveSibling("Module.symvers"));
        for (String ext : new String[] {".gz", ".xz", ".zst", ""}) {
            places.add(map.resolveSibling("symvers" + ext));
        }
        Path parent = map.toAbsolutePath().getParent();
        if (release.isPresent() && parent != null && parent.getFileName() != null
                && parent.getFileName().toString().equals("boot") && parent.getParent() != null) {
            Path modules = parent.getParent().resolve("lib/modules").resolve(release.get());
            places.add(modules.resolve("build/Module.symvers"));
            places.add(modules.resolve("symvers.gz"));
            places.add(modules.resolve("symvers.xz"));
        }
        return places.stream().filter(Files::isRegularFile).findFirst();
    }
}
