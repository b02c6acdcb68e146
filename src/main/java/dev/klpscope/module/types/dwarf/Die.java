package dev.klpscope.module.types.dwarf;

import java.util.ArrayList;
import java.util.List;

/**
 * A debugging information entry, with only the attributes types, variables and prototypes need. Filled by
 * {@link UnitDecoder} and not changed after; offsets are absolute in {@code .debug_info}, {@code -1} where absent.
 */
final class Die {

    static final long NONE = -1;
    static final int CONST_NONE = 0, CONST_SIGNED = -1, CONST_UNSIGNED = -2;

    final long offset;
    final int tag;
    final Die parent;
    List<Die> children = List.of();

    String name = "";
    long type = NONE;
    long byteSize = NONE;
    long bitSize = NONE;
    long dataBitOffset = NONE;
    long bitOffset = NONE;
    long memberLocation = NONE;
    boolean hasUpperBound;
    long upperBound;
    boolean hasCount;
    long count;
    long lowerBound;
    int encoding;
    /**
     * {@code DW_AT_const_value} (an enumerator's value) as read, and how: {@link #CONST_NONE} where absent or a block,
     * {@link #CONST_SIGNED} ({@code DW_FORM_sdata}, {@code DW_FORM_implicit_const}), {@link #CONST_UNSIGNED}
     * ({@code DW_FORM_udata}), else the width in bytes of a {@code DW_FORM_dataN}, whose sign the enum's type tells.
     */
    long constValue;
    int constForm = CONST_NONE;
    boolean declaration;
    boolean external;
    long specification = NONE;
    long abstractOrigin = NONE;
    /** From {@code DW_AT_location} when it is exactly {@code DW_OP_addr <address>}; or {@code DW_AT_low_pc}. */
    boolean hasAddress;
    long address;

    Die(long offset, int tag, Die parent) {
        this.offset = offset;
        this.tag = tag;
        this.parent = parent;
    }

    void add(Die child) {
        if (children.isEmpty()) {
            children = new ArrayList<>(4);
        }
        children.add(child);
    }

    /** The DIE this one completes ({@code DW_AT_specification}) or is a concrete instance of ({@code DW_AT_abstract_origin}). */
    long origin() {
        return specification != NONE ? specification : abstractOrigin;
    }
}
