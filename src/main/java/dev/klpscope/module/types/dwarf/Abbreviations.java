package dev.klpscope.module.types.dwarf;

import dev.klpscope.elf.ByteReader;
import dev.klpscope.elf.MalformedInputException;

import java.util.HashMap;
import java.util.Map;

/**
 * One abbreviation table of {@code .debug_abbrev} (§7.5.3): for each code, a DIE's tag, whether it has children
 * and its attributes' names and forms ({@code DW_FORM_implicit_const} with its value held here).
 */
final class Abbreviations {

    record Abbrev(long code, int tag, boolean children, int[] names, int[] forms, long[] constants) {
    }

    private final Map<Long, Abbrev> byCode;
    /** Bytes of {@code .debug_abbrev} this table took, terminator included. */
    final long length;

    private Abbreviations(Map<Long, Abbrev> byCode, long length) {
        this.byCode = byCode;
        this.length = length;
    }

    static Abbreviations read(ByteReader abbrev, long offset) {
        Cursor c = new Cursor(abbrev, offset, ".debug_abbrev table at 0x" + Long.toHexString(offset));
        if (offset < 0 || offset >= abbrev.length()) {
            throw c.fail("the unit's abbreviation offset is past the end of .debug_abbrev (" + abbrev.length() + " bytes)");
        }
        Map<Long, Abbrev> out = new HashMap<>();
        while (true) {
            long code = c.uleb();
            if (code == 0) {
                return new Abbreviations(out, c.at - offset);
            }
            long tag = c.uleb();
            boolean children = c.u8() != 0;
            int[] names = new int[4];
            int[] forms = new int[4];
            long[] constants = new long[4];
            int n = 0;
            while (true) {
                long name = c.uleb();
                long form = c.uleb();
                if (name == 0 && form == 0) {
                    break;
                }
                long constant = form == Dw.FORM_IMPLICIT_CONST ? c.sleb() : 0;
                if (n == names.length) {
                    names = java.util.Arrays.copyOf(names, n * 2);
                    forms = java.util.Arrays.copyOf(forms, n * 2);
                    constants = java.util.Arrays.copyOf(constants, n * 2);
                }
                names[n] = (int) Math.min(name, Integer.MAX_VALUE);
                forms[n] = (int) Math.min(form, Integer.MAX_VALUE);
                constants[n] = constant;
                n++;
            }
            if (out.putIfAbsent(code, new Abbrev(code, (int) Math.min(tag, Integer.MAX_VALUE), children,
                    java.util.Arrays.copyOf(names, n), java.util.Arrays.copyOf(forms, n), java.util.Arrays.copyOf(constants, n))) != null) {
                throw c.fail("abbreviation code " + code + " defined twice");
            }
        }
    }

    /** The abbreviation {@code code}; malformed input naming the DIE when the table has none. */
    Abbrev get(long code, ByteReader info, long dieOffset) {
        Abbrev a = byCode.get(code);
        if (a == null) {
            throw new MalformedInputException(info.file(), String.format(".debug_info DIE at 0x%x: abbreviation code %s is not in its table",
                    dieOffset, Long.toUnsignedString(code)), info.fileOffset(dieOffset));
        }
        return a;
    }
}
