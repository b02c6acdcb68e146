package dev.klpscope.module.types.dwarf;

import dev.klpscope.elf.ByteReader;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.module.types.dwarf.UnitDecoder.DecodedUnit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The DWARF of one object ({@code .debug_info} with {@code .debug_abbrev}, {@code .debug_str},
 * {@code .debug_str_offsets}, {@code .debug_line_str}, {@code .debug_aranges}; DWARF 2 to 5), read lazily by unit:
 * opening reads no unit; a variable's unit is found by its address, a function's through {@code .debug_aranges},
 * and only those units are decoded (a few of the 3,000 units, 175 MB, of a {@code -dbg} vmlinux). Decoded units are
 * kept in a small cache.
 *
 * <p><b>Finding a variable.</b> Neither gcc nor Debian writes {@code .debug_names}, and {@code .debug_aranges}
 * covers code only. A variable with a static address has {@code DW_AT_location} {@code DW_OP_addr <address>}, whose
 * bytes ({@code exprloc} length, {@code 0x03}, the address) are found by one scan of {@code .debug_info} that records
 * every such pattern; each hit is checked by decoding its unit and finding that variable, by name, at that place.
 */
public final class DwarfFile {

    /** Units decoded at once: a check looks at a few variables and functions. */
    static final int CACHED_UNITS = 64;
    /** Ids are {@code 2 * offset (+1)} in an {@code int}. */
    static final long MAX_INFO = (1L << 30) - 1;
    /** Without an address to go by, files up to this size are searched unit by unit (modules, patches). */
    static final long SEARCHED_WHOLE = 64L << 20;

    final String file;
    final ByteReader info;
    private final ByteReader abbrev;
    private final Optional<ByteReader> str;
    private final Optional<ByteReader> lineStr;
    private final Optional<ByteReader> strOffsets;
    private final Optional<ByteReader> aranges;
    private final int pointerSize;
    private final Map<Long, Abbreviations> abbreviations = new HashMap<>();
    private final Map<Integer, DecodedUnit> decoded = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, DecodedUnit> eldest) {
            return size() > CACHED_UNITS;
        }
    };
    private long[] unitStarts;
    private AddressIndex locations;
    private Aranges ranges;
    private final Map<Integer, dev.klpscope.module.types.BtfType> types = new HashMap<>();

    private DwarfFile(String file, ByteReader info, ByteReader abbrev, Optional<ByteReader> str, Optional<ByteReader> lineStr,
                      Optional<ByteReader> strOffsets, Optional<ByteReader> aranges, int pointerSize) {
        this.file = file;
        this.info = info;
        this.abbrev = abbrev;
        this.str = str;
        this.lineStr = lineStr;
        this.strOffsets = strOffsets;
        this.aranges = aranges;
        this.pointerSize = pointerSize;
    }

    /** Whether the object carries DWARF ({@code .debug_info}). */
    public static boolean has(ElfImage image) {
        return image.section(".debug_info").isPresent();
    }

    /**
     * The object's DWARF; empty when it has no {@code .debug_info}. Reads no unit; in a relocatable object applies the
     * debug sections' relocations to copies. Malformed sections are a {@link MalformedInputException} naming the file.
     */
    public static Optional<DwarfFile> of(ElfImage image) {
        DebugSections s = new DebugSections(image);
        Optional<ByteReader> info = s.read(".debug_info");
        if (info.isEmpty()) {
            return Optional.empty();
        }
        if (info.get().length() > MAX_INFO) {
            throw new MalformedInputException(image.file(), ".debug_info is larger than 1 GiB (" + info.get().length() + " bytes)");
        }
        ByteReader abbrev = s.read(".debug_abbrev").orElseThrow(() ->
                new MalformedInputException(image.file(), "has .debug_info but no .debug_abbrev"));
        return Optional.of(new DwarfFile(image.file(), info.get(), abbrev, s.read(".debug_str"), s.read(".debug_line_str"),
                s.read(".debug_str_offsets"), s.read(".debug_aranges"), image.header().is64() ? 8 : 4));
    }

    /**
     * DWARF from raw, already relocated sections ({@code str} may be empty): for derived and fuzzed inputs, which
     * need no ELF around them. {@code file} names the input in messages.
     */
    public static DwarfFile of(String file, ByteReader info, ByteReader abbrev, Optional<ByteReader> str, int pointerSize) {
        if (info.length() > MAX_INFO) {
            throw new MalformedInputException(file, ".debug_info is larger than 1 GiB (" + info.length() + " bytes)");
        }
        return new DwarfFile(file, info, abbrev, str, Optional.empty(), Optional.empty(), Optional.empty(), pointerSize);
    }

    /** A variable and the id of its type in the graph of its unit. */
    public record Typed(DwarfTypes types, int id, int type) {
    }

    /**
     * The variable called {@code name} (a symbol's name; a {@code .N} suffix gcc adds to a function's static is
     * dropped) defined at {@code address} (the symbol's value: section-relative in a relocatable object, as the
     * relocated {@code DW_OP_addr} is).
     */
    public synchronized Optional<Typed> variableAt(String name, long address) {
        String plain = Names.plain(name);
        for (long hit : locations().at(address)) {
            DecodedUnit u = unitOf(hit);
            for (Die d : u.dies()) {
                if (d.tag == Dw.TAG_VARIABLE && d.hasAddress && d.address == address && plain.equals(nameOf(d))) {
                    return Optional.of(typed(u, d));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The variable called {@code name} as a unit declares or defines it (a livepatch declares {@code extern} what it
     * reaches through klp relocations): the first definition, else the first declaration, in unit order. Only in
     * files up to {@link #SEARCHED_WHOLE} of {@code .debug_info}, which are searched whole.
     */
    public synchronized Optional<Typed> variableNamed(String name) {
        if (info.length() > SEARCHED_WHOLE) {
            return Optional.empty();
        }
        String plain = Names.plain(name);
        Typed declared = null;
        for (int i = 0; i < units().length; i++) {
            DecodedUnit u = unit(i);
            for (Die d : u.root().children) {
                if (d.tag == Dw.TAG_VARIABLE && plain.equals(nameOf(d)) && typeOf(d) != Die.NONE) {
                    if (!d.declaration) {
                        return Optional.of(typed(u, d));
                    }
                    declared = declared == null ? typed(u, d) : declared;
                }
            }
        }
        return Optional.ofNullable(declared);
    }

    /**
     * The function called {@code name} whose code starts at {@code address}, in the units {@code .debug_aranges} says
     * cover that address (or, in a file searched whole, any unit); its id is a {@code BtfType.Function}.
     */
    public synchronized Optional<Typed> functionAt(String name, long address) {
        List<Integer> candidates = aranges().containing(address);
        if (candidates.isEmpty() && info.length() <= SEARCHED_WHOLE) {
            candidates = new ArrayList<>();
            for (int i = 0; i < units().length; i++) {
                candidates.add(i);
            }
        }
        for (int i : candidates) {
            DecodedUnit u = unit(i);
            for (Die d : u.root().children) {
                if (d.tag == Dw.TAG_SUBPROGRAM && d.hasAddress && d.address == address && name.equals(nameOf(d))) {
                    return Optional.of(new Typed(new DwarfTypes(this, u), DwarfTypes.id(d.offset), 0));
                }
            }
        }
        return Optional.empty();
    }

    private Typed typed(DecodedUnit u, Die d) {
        long type = typeOf(d);
        return new Typed(new DwarfTypes(this, u), DwarfTypes.id(d.offset), type == Die.NONE ? 0 : DwarfTypes.id(type));
    }

    public String file() {
        return file;
    }

    int pointerSize() {
        return pointerSize;
    }

    /** How many units the file has (walks the unit headers once). */
    public synchronized int unitCount() {
        return units().length;
    }

    /** The types of unit {@code index} (0 to {@link #unitCount()}), decoding it: the graph whose names are that unit's. */
    public synchronized DwarfTypes unitTypes(int index) {
        if (index < 0 || index >= units().length) {
            throw new IndexOutOfBoundsException(index);
        }
        return new DwarfTypes(this, unit(index));
    }

    /** How many units have been decoded and are cached now (tests: lookups decode few). */
    public synchronized int decodedUnits() {
        return decoded.size();
    }

    // --- names through specification and abstract origin

    static final int MAX_ORIGINS = 8;

    /** The DIE's name, or that of the DIE it completes or instantiates (bounded: a malformed chain may cycle). */
    synchronized String nameOf(Die d) {
        Die at = d;
        for (int i = 0; at != null && i < MAX_ORIGINS; i++) {
            if (!at.name.isEmpty()) {
                return at.name;
            }
            at = at.origin() == Die.NONE ? null : die(at.origin());
        }
        return "";
    }

    synchronized long typeOf(Die d) {
        Die at = d;
        for (int i = 0; at != null && i < MAX_ORIGINS; i++) {
            if (at.type != Die.NONE) {
                return at.type;
            }
            at = at.origin() == Die.NONE ? null : die(at.origin());
        }
        return Die.NONE;
    }

    // --- units

    synchronized Die die(long offset) {
        if (offset < 0 || offset >= info.length()) {
            throw new MalformedInputException(file, String.format(".debug_info reference 0x%x is past the end of the section", offset),
                    info.fileOffset(Math.max(0, Math.min(offset, info.length()))));
        }
        Die d = unitOf(offset).at(offset);
        if (d == null) {
            throw new MalformedInputException(file, String.format(".debug_info reference 0x%x is not the start of a DIE", offset),
                    info.fileOffset(offset));
        }
        return d;
    }

    synchronized dev.klpscope.module.types.BtfType cachedType(int id) {
        return types.get(id);
    }

    synchronized void cacheType(int id, dev.klpscope.module.types.BtfType t) {
        types.put(id, t);
    }

    private DecodedUnit unitOf(long offset) {
        long[] starts = units();
        int i = Arrays.binarySearch(starts, offset);
        i = i >= 0 ? i : -i - 2;
        if (i < 0) {
            throw new MalformedInputException(file, String.format(".debug_info offset 0x%x is in no unit", offset), info.fileOffset(offset));
        }
        return unit(i);
    }

    private DecodedUnit unit(int index) {
        DecodedUnit u = decoded.get(index);
        if (u == null) {
            u = UnitDecoder.decode(this, Unit.read(info, units()[index]));
            decoded.put(index, u);
        }
        return u;
    }

    private long[] units() {
        if (unitStarts == null) {
            long[] starts = new long[16];
            int n = 0;
            for (long at = 0; at < info.length(); ) {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = at;
                at = Unit.read(info, at).end();
            }
            unitStarts = Arrays.copyOf(starts, n);
        }
        return unitStarts;
    }

    /**
     * Tables read so far, in bytes: units of real DWARF share a few tables that do not overlap; units pointing into
     * the middle of one long table would re-read it once each (quadratic), so reading stops past a bound.
     */
    private long abbrevRead;

    Abbreviations abbreviations(long offset) {
        Abbreviations a = abbreviations.get(offset);
        if (a == null) {
            a = Abbreviations.read(abbrev, offset);
            abbrevRead += a.length;
            if (abbrevRead > 4 * abbrev.length() + (1 << 20)) {
                throw new MalformedInputException(file, String.format(".debug_abbrev table at 0x%x: the units' abbreviation "
                        + "tables overlap (%d bytes read from a %d-byte section)", offset, abbrevRead, abbrev.length()));
            }
            abbreviations.put(offset, a);
        }
        return a;
    }

    private AddressIndex locations() {
        if (locations == null) {
            locations = AddressIndex.scan(info, pointerSize);
        }
        return locations;
    }

    private Aranges aranges() {
        if (ranges == null) {
            ranges = aranges.map(a -> Aranges.read(a, units())).orElse(Aranges.NONE);
        }
        return ranges;
    }

    // --- strings

    String string(long offset, Cursor at) {
        ByteReader s = str.orElseThrow(() -> at.fail("DW_FORM_strp without a .debug_str section"));
        if (offset < 0 || offset >= s.length()) {
            throw at.fail(String.format("string offset 0x%x is past the end of .debug_str (%d bytes)", offset, s.length()));
        }
        return s.cString(offset, s.length(), ".debug_str");
    }

    String lineString(long offset, Cursor at) {
        ByteReader s = lineStr.orElseThrow(() -> at.fail("DW_FORM_line_strp without a .debug_line_str section"));
        if (offset < 0 || offset >= s.length()) {
            throw at.fail(String.format("string offset 0x%x is past the end of .debug_line_str (%d bytes)", offset, s.length()));
        }
        return s.cString(offset, s.length(), ".debug_line_str");
    }

    String indexedString(long base, long index, int offsetSize, Cursor at) {
        ByteReader offsets = strOffsets.orElseThrow(() -> at.fail("DW_FORM_strx without a .debug_str_offsets section"));
        if (index < 0 || index > (offsets.length() - base) / offsetSize) {
            throw at.fail("string index " + Long.toUnsignedString(index) + " is past the end of .debug_str_offsets");
        }
        long entry = base + index * offsetSize;
        long offset = offsetSize == 8 ? offsets.u64(entry, ".debug_str_offsets entry") : offsets.u32(entry, ".debug_str_offsets entry");
        return string(offset, at);
    }
}
