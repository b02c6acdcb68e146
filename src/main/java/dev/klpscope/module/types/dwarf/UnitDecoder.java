package dev.klpscope.module.types.dwarf;

import dev.klpscope.elf.ByteReader;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Decodes the DIEs of one unit (§7.5.2): every attribute's form is read or skipped through a {@link Cursor}, so an
 * unknown form, a bad abbreviation code, a DIE running past its unit or nesting deeper than {@link #MAX_DEPTH} is
 * malformed input naming the file and the offset. Each DIE consumes at least one byte, so decoding ends.
 */
final class UnitDecoder {

    /** Real kernel DWARF nests about 20 deep (blocks in inlined calls in functions); a malformed one is cut here. */
    static final int MAX_DEPTH = 256;

    private final DwarfFile file;
    private final Unit unit;
    private final Cursor c;
    private long strOffsetsBase;

    // the value of the attribute just read
    private long num;
    private String str;
    private boolean isRef;
    private long blockAt = -1;
    private long blockLength;
    /** The form actually read (the one {@code DW_FORM_indirect} names). */
    private int formRead;

    private UnitDecoder(DwarfFile file, Unit unit) {
        this.file = file;
        this.unit = unit;
        this.c = new Cursor(file.info, unit.firstDie(), String.format(".debug_info unit at 0x%x", unit.offset()));
        this.strOffsetsBase = unit.version() >= 5 ? 2L * unit.offsetSize() : 0;
    }

    static DecodedUnit decode(DwarfFile file, Unit unit) {
        return new UnitDecoder(file, unit).run();
    }

    private DecodedUnit run() {
        Abbreviations abbrevs = file.abbreviations(unit.abbrevOffset());
        List<Die> all = new ArrayList<>();
        Deque<Die> open = new ArrayDeque<>();
        Die root = null;
        while (c.at < unit.end()) {
            long offset = c.at;
            long code = c.uleb();
            if (code == 0) {
                if (!open.isEmpty()) {
                    open.pop();
                }
                continue;
            }
            Abbreviations.Abbrev a = abbrevs.get(code, file.info, offset);
            Die d = new Die(offset, a.tag(), open.peek());
            for (int i = 0; i < a.names().length; i++) {
                read(a.forms()[i], a.constants()[i], 0);
                assign(d, a.names()[i], a.forms()[i]);
            }
            if (c.at > unit.end()) {
                throw c.fail(String.format("DIE at 0x%x runs past the end of its unit (0x%x)", offset, unit.end()));
            }
            if (root == null) {
                root = d;
            } else if (open.isEmpty()) {
                throw c.fail(String.format("DIE at 0x%x follows the unit's top DIE outside it", offset));
            } else {
                open.peek().add(d);
            }
            all.add(d);
            if (a.children()) {
                if (open.size() >= MAX_DEPTH) {
                    throw c.fail(String.format("DIE at 0x%x is nested more than %d deep", offset, MAX_DEPTH));
                }
                open.push(d);
            }
        }
        if (root == null) {
            throw c.fail("unit has no DIE");
        }
        long[] offsets = new long[all.size()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = all.get(i).offset;
        }
        return new DecodedUnit(unit, root, offsets, all.toArray(new Die[0]));
    }

    /** Reads one attribute value of {@code form}: a number, a reference, a string, or a block's place. */
    private void read(int form, long implicit, int indirections) {
        num = 0;
        str = null;
        isRef = false;
        blockAt = -1;
        formRead = form;
        switch (form) {
            case Dw.FORM_ADDR -> num = c.sized(unit.addressSize());
            case Dw.FORM_DATA1, Dw.FORM_FLAG -> num = c.u8();
            case Dw.FORM_DATA2 -> num = c.u16();
            case Dw.FORM_DATA4 -> num = c.u32();
            case Dw.FORM_DATA8 -> num = c.u64();
            case Dw.FORM_DATA16 -> c.skip(16);
            case Dw.FORM_SDATA -> num = c.sleb();
            case Dw.FORM_UDATA -> num = c.uleb();
            case Dw.FORM_FLAG_PRESENT -> num = 1;
            case Dw.FORM_IMPLICIT_CONST -> num = implicit;
            case Dw.FORM_REF1 -> ref(c.u8());
            case Dw.FORM_REF2 -> ref(c.u16());
            case Dw.FORM_REF4 -> ref(c.u32());
            case Dw.FORM_REF8 -> ref(c.u64());
            case Dw.FORM_REF_UDATA -> ref(c.uleb());
            case Dw.FORM_REF_ADDR -> {
                num = c.offset(unit.version() <= 2 ? unit.addressSize() : unit.offsetSize());
                isRef = true;
            }
            case Dw.FORM_REF_SIG8 -> num = c.u64(); // a type unit's signature: not followed
            case Dw.FORM_REF_SUP4 -> c.u32();
            case Dw.FORM_REF_SUP8 -> c.u64();
            case Dw.FORM_GNU_REF_ALT, Dw.FORM_GNU_STRP_ALT, Dw.FORM_STRP_SUP, Dw.FORM_SEC_OFFSET -> num = c.offset(unit.offsetSize());
            case Dw.FORM_STRING -> str = c.cString();
            case Dw.FORM_STRP -> str = file.string(c.offset(unit.offsetSize()), c);
            case Dw.FORM_LINE_STRP -> str = file.lineString(c.offset(unit.offsetSize()), c);
            case Dw.FORM_STRX, Dw.FORM_GNU_STR_INDEX -> str = file.indexedString(strOffsetsBase, c.uleb(), unit.offsetSize(), c);
            case Dw.FORM_STRX1 -> str = file.indexedString(strOffsetsBase, c.u8(), unit.offsetSize(), c);
            case Dw.FORM_STRX2 -> str = file.indexedString(strOffsetsBase, c.u16(), unit.offsetSize(), c);
            case Dw.FORM_STRX3 -> str = file.indexedString(strOffsetsBase, c.u24(), unit.offsetSize(), c);
            case Dw.FORM_STRX4 -> str = file.indexedString(strOffsetsBase, c.u32(), unit.offsetSize(), c);
            case Dw.FORM_ADDRX, Dw.FORM_GNU_ADDR_INDEX, Dw.FORM_LOCLISTX, Dw.FORM_RNGLISTX -> c.uleb();
            case Dw.FORM_ADDRX1 -> c.u8();
            case Dw.FORM_ADDRX2 -> c.u16();
            case Dw.FORM_ADDRX3 -> c.u24();
            case Dw.FORM_ADDRX4 -> c.u32();
            case Dw.FORM_BLOCK1 -> block(c.u8());
            case Dw.FORM_BLOCK2 -> block(c.u16());
            case Dw.FORM_BLOCK4 -> block(c.u32());
            case Dw.FORM_BLOCK, Dw.FORM_EXPRLOC -> block(c.uleb());
            case Dw.FORM_INDIRECT -> {
                long actual = c.uleb();
                if (indirections > 4 || actual == Dw.FORM_INDIRECT || actual == Dw.FORM_IMPLICIT_CONST) {
                    throw c.fail("DW_FORM_indirect names form 0x" + Long.toHexString(actual));
                }
                read((int) Math.min(actual, Integer.MAX_VALUE), 0, indirections + 1);
            }
            default -> throw c.fail("unknown attribute form 0x" + Integer.toHexString(form));
        }
    }

    private void ref(long unitRelative) {
        num = unit.offset() + unitRelative;
        isRef = true;
    }

    private void block(long length) {
        blockAt = c.at;
        blockLength = length;
        c.skip(length);
    }

    private void assign(Die d, int name, int form) {
        switch (name) {
            case Dw.AT_NAME -> d.name = str == null ? "" : str;
            case Dw.AT_TYPE -> d.type = isRef ? num : Die.NONE;
            case Dw.AT_BYTE_SIZE -> d.byteSize = constant();
            case Dw.AT_BIT_SIZE -> d.bitSize = constant();
            case Dw.AT_BIT_OFFSET -> d.bitOffset = constant();
            case Dw.AT_DATA_BIT_OFFSET -> d.dataBitOffset = constant();
            case Dw.AT_DATA_MEMBER_LOCATION -> d.memberLocation = blockAt >= 0 ? plusUconst() : constant();
            case Dw.AT_UPPER_BOUND -> {
                d.hasUpperBound = blockAt < 0 && !isRef;
                d.upperBound = num; // unsigned: gcc writes 255 as data1 0xff; `[0]` as DW_AT_count 0
            }
            case Dw.AT_COUNT -> {
                d.hasCount = blockAt < 0 && !isRef;
                d.count = num;
            }
            case Dw.AT_LOWER_BOUND -> d.lowerBound = num;
            case Dw.AT_ENCODING -> d.encoding = (int) num;
            case Dw.AT_CONST_VALUE -> constValue(d, formRead);
            case Dw.AT_DECLARATION -> d.declaration = num != 0;
            case Dw.AT_EXTERNAL -> d.external = num != 0;
            case Dw.AT_SPECIFICATION -> d.specification = isRef ? num : Die.NONE;
            case Dw.AT_ABSTRACT_ORIGIN -> d.abstractOrigin = isRef ? num : Die.NONE;
            case Dw.AT_LOCATION -> location(d);
            case Dw.AT_LOW_PC -> {
                if (form == Dw.FORM_ADDR) {
                    d.hasAddress = true;
                    d.address = num;
                }
            }
            case Dw.AT_STR_OFFSETS_BASE -> {
                if (d.parent == null) {
                    strOffsetsBase = num;
                }
            }
            default -> {
            }
        }
    }

    /** An enumerator's value: its form says whether it is signed ({@link Die#constForm}); a block or DATA16 is left out. */
    private void constValue(Die d, int form) {
        int kind = switch (form) {
            case Dw.FORM_SDATA, Dw.FORM_IMPLICIT_CONST -> Die.CONST_SIGNED;
            case Dw.FORM_UDATA -> Die.CONST_UNSIGNED;
            case Dw.FORM_DATA1 -> 1;
            case Dw.FORM_DATA2 -> 2;
            case Dw.FORM_DATA4 -> 4;
            case Dw.FORM_DATA8 -> 8;
            default -> Die.CONST_NONE;
        };
        d.constForm = kind;
        d.constValue = kind == Die.CONST_NONE ? 0 : num;
    }

    /** A constant attribute; a block or reference (a variable-length array's bound) counts as absent. */
    private long constant() {
        return blockAt >= 0 || isRef ? Die.NONE : num;
    }

    /** {@code DW_OP_plus_uconst n}, the DWARF 2 form of a member's offset; anything else counts as absent. */
    private long plusUconst() {
        if (blockLength < 2 || file.info.u8(blockAt, c.what) != Dw.OP_PLUS_UCONST) {
            return Die.NONE;
        }
        Cursor op = new Cursor(file.info, blockAt + 1, c.what);
        long v = op.uleb();
        return op.at <= blockAt + blockLength ? v : Die.NONE;
    }

    /** A static address: exactly {@code DW_OP_addr <address>}. */
    private void location(Die d) {
        if (blockAt >= 0 && blockLength == 1 + unit.addressSize() && file.info.u8(blockAt, c.what) == Dw.OP_ADDR) {
            d.hasAddress = true;
            d.address = new Cursor(file.info, blockAt + 1, c.what).sized(unit.addressSize());
        }
    }

    /** The DIEs of one unit, in offset order. */
    record DecodedUnit(Unit unit, Die root, long[] offsets, Die[] dies) {

        Die at(long offset) {
            int i = Arrays.binarySearch(offsets, offset);
            return i >= 0 ? dies[i] : null;
        }
    }
}
