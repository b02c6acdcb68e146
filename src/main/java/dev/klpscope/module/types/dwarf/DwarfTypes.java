package dev.klpscope.module.types.dwarf;

import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.module.types.BtfType;
import dev.klpscope.module.types.TypeGraph;
import dev.klpscope.module.types.dwarf.UnitDecoder.DecodedUnit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The types of DWARF as the BTF model has them, so that {@code Layouts}, {@code TypeNames} and {@code Prototypes}
 * read both alike and a layout from DWARF compares with one from BTF (pahole makes BTF from this DWARF, with the same
 * names: {@code long unsigned int}, {@code struct foo}). A type's id is twice its DIE's offset in {@code .debug_info};
 * the odd id after it stands for what the DIE implies without a DIE of its own: a function's prototype
 * ({@code DW_TAG_subprogram}), or the remaining dimensions of a multi-dimensional array ({@code DW_TAG_subrange_type},
 * nested as BTF nests them). Names are looked up among one unit's top-level DIEs: kernel DWARF keeps each type a
 * variable uses in the variable's unit.
 */
public final class DwarfTypes implements TypeGraph {

    private final DwarfFile file;
    private final DecodedUnit unit;
    private Map<String, List<Integer>> byName;

    DwarfTypes(DwarfFile file, DecodedUnit unit) {
        this.file = file;
        this.unit = unit;
    }

    static int id(long offset) {
        return (int) (offset * 2);
    }

    private static int typeId(long ref) {
        return ref == Die.NONE ? 0 : id(ref);
    }

    @Override
    public String file() {
        return file.file();
    }

    @Override
    public String what() {
        return String.format(".debug_info unit at 0x%x", unit.unit().offset());
    }

    /** The unit's name ({@code DW_AT_name} of its top DIE, the source file). */
    public String unitName() {
        return unit.root().name;
    }

    @Override
    public int pointerSize() {
        return unit.unit().addressSize();
    }

    @Override
    public boolean owns(int id) {
        return true; // DWARF is never read on a base
    }

    @Override
    public BtfType type(int id) {
        if (id == 0) {
            return null;
        }
        if (id < 0) {
            throw new MalformedInputException(file.file(), "DWARF type id " + Integer.toUnsignedString(id) + " does not exist");
        }
        BtfType t = file.cachedType(id);
        if (t == null) {
            Die d = file.die(id >>> 1);
            t = (id & 1) == 0 ? convert(d) : implied(d);
            file.cacheType(id, t);
        }
        return t;
    }

    private BtfType convert(Die d) {
        switch (d.tag) {
            case Dw.TAG_BASE_TYPE:
                long size = Math.max(0, d.byteSize);
                if (d.encoding == Dw.ATE_FLOAT) {
                    return new BtfType.Float(d.name, size);
                }
                return new BtfType.Int(d.name, size, (int) Math.min(size * 8, Integer.MAX_VALUE), 0,
                        d.encoding == Dw.ATE_SIGNED || d.encoding == Dw.ATE_SIGNED_CHAR);
            case Dw.TAG_UNSPECIFIED_TYPE:
                return new BtfType.Int(d.name.isEmpty() ? "void" : d.name, 0, 0, 0, false);
            case Dw.TAG_POINTER: case Dw.TAG_REFERENCE: case Dw.TAG_RVALUE_REFERENCE:
                return new BtfType.Pointer(typeId(d.type));
            case Dw.TAG_TYPEDEF:
                return new BtfType.Reference(BtfType.RefKind.TYPEDEF, d.name, typeId(d.type));
            case Dw.TAG_CONST:
                return new BtfType.Reference(BtfType.RefKind.CONST, "", typeId(d.type));
            case Dw.TAG_VOLATILE:
                return new BtfType.Reference(BtfType.RefKind.VOLATILE, "", typeId(d.type));
            case Dw.TAG_RESTRICT:
                return new BtfType.Reference(BtfType.RefKind.RESTRICT, "", typeId(d.type));
            case Dw.TAG_ATOMIC:
                return new BtfType.Reference(BtfType.RefKind.TYPE_TAG, "", typeId(d.type));
            case Dw.TAG_STRUCTURE: case Dw.TAG_CLASS: case Dw.TAG_UNION:
                return composite(d);
            case Dw.TAG_ENUMERATION:
                return enumeration(d);
            case Dw.TAG_ARRAY:
                return array(d, subranges(d), 0);
            case Dw.TAG_SUBROUTINE_TYPE:
                return prototype(d, d);
            case Dw.TAG_SUBPROGRAM:
                return new BtfType.Function(file.nameOf(d), id(d.offset) + 1, d.external ? 1 : 0);
            case Dw.TAG_VARIABLE:
                return new BtfType.Variable(file.nameOf(d), typeId(file.typeOf(d)), d.external ? 1 : 0);
            default:
                return new BtfType.Unknown(d.tag);
        }
    }

    /**
     * The enumerators ({@code DW_TAG_enumerator}, {@code DW_AT_const_value}) in order. Signed where the enum's
     * underlying type ({@code DW_AT_type}, DWARF 3) is, or its own {@code DW_AT_encoding}, or, with neither, where a
     * value is negative. A {@code DW_FORM_dataN} value is zero-extended (gcc writes 200 of an {@code int} enum as
     * {@code data1 0xc8}, as pahole reads it) unless the enum is signed and the form as wide as the enum: that is
     * how a negative value looks in it. gcc writes negative values as {@code DW_FORM_sdata}.
     */
    private BtfType enumeration(Die d) {
        long bytes = Math.max(0, d.byteSize);
        boolean signed = underlyingSigned(d);
        if (!signed && d.type == Die.NONE) {
            signed = d.children.stream().anyMatch(c -> c.tag == Dw.TAG_ENUMERATOR && c.constForm == Die.CONST_SIGNED && c.constValue < 0);
        }
        List<BtfType.Enumerator> values = new ArrayList<>();
        for (Die c : d.children) {
            if (c.tag != Dw.TAG_ENUMERATOR) {
                continue;
            }
            long v = c.constValue;
            if (signed && c.constForm > 0 && c.constForm < 8 && c.constForm == bytes) {
                int shift = 64 - 8 * c.constForm;
                v = v << shift >> shift;
            }
            values.add(new BtfType.Enumerator(c.name, v));
        }
        return new BtfType.Enum(d.name, bytes, values, bytes > 4, signed);
    }

    /** The encoding of the enum's underlying type, through typedefs and qualifiers (bounded: they may cycle). */
    private boolean underlyingSigned(Die d) {
        if (d.type == Die.NONE) {
            return d.encoding == Dw.ATE_SIGNED || d.encoding == Dw.ATE_SIGNED_CHAR;
        }
        Die at = file.die(d.type);
        for (int i = 0; i < DwarfFile.MAX_ORIGINS && at.tag != Dw.TAG_BASE_TYPE && at.type != Die.NONE; i++) {
            at = file.die(at.type);
        }
        return at.tag == Dw.TAG_BASE_TYPE && (at.encoding == Dw.ATE_SIGNED || at.encoding == Dw.ATE_SIGNED_CHAR);
    }

    /** The odd id: a subprogram's prototype, or a subrange's array of the remaining dimensions. */
    private BtfType implied(Die d) {
        if (d.tag == Dw.TAG_SUBPROGRAM) {
            Die withParameters = d;
            Die at = d;
            for (int i = 0; at != null && i < DwarfFile.MAX_ORIGINS; i++) {
                if (at.children.stream().anyMatch(c -> c.tag == Dw.TAG_FORMAL_PARAMETER || c.tag == Dw.TAG_UNSPECIFIED_PARAMETERS)) {
                    withParameters = at;
                }
                at = at.origin() == Die.NONE ? null : file.die(at.origin());
            }
            return prototype(d, withParameters);
        }
        if (d.tag == Dw.TAG_SUBRANGE && d.parent != null && d.parent.tag == Dw.TAG_ARRAY) {
            List<Die> dims = subranges(d.parent);
            return array(d.parent, dims, dims.indexOf(d));
        }
        throw new MalformedInputException(file.file(), String.format("DWARF type id %d names DIE 0x%x (tag 0x%x), which implies no type",
                id(d.offset) + 1, d.offset, d.tag));
    }

    private static List<Die> subranges(Die array) {
        List<Die> out = new ArrayList<>();
        for (Die c : array.children) {
            if (c.tag == Dw.TAG_SUBRANGE) {
                out.add(c);
            }
        }
        return out;
    }

    /** Dimension {@code from} of {@code array}: its count, of the array of the next dimensions or of the element type. */
    private static BtfType array(Die array, List<Die> dims, int from) {
        if (dims.isEmpty()) {
            return new BtfType.Array(typeId(array.type), 0, 0);
        }
        Die dim = dims.get(from);
        long count = dim.hasCount ? dim.count : dim.hasUpperBound ? dim.upperBound - dim.lowerBound + 1 : 0;
        int element = from + 1 < dims.size() ? id(dims.get(from + 1).offset) + 1 : typeId(array.type);
        return new BtfType.Array(element, 0, count);
    }

    private BtfType prototype(Die typed, Die withParameters) {
        List<BtfType.Parameter> parameters = new ArrayList<>();
        for (Die c : withParameters.children) {
            if (c.tag == Dw.TAG_FORMAL_PARAMETER) {
                parameters.add(new BtfType.Parameter(file.nameOf(c), typeId(file.typeOf(c))));
            } else if (c.tag == Dw.TAG_UNSPECIFIED_PARAMETERS) {
                parameters.add(new BtfType.Parameter("", 0));
            }
        }
        return new BtfType.Prototype(typeId(file.typeOf(typed)), parameters);
    }

    private BtfType composite(Die d) {
        boolean union = d.tag == Dw.TAG_UNION;
        if (d.declaration) {
            return new BtfType.Forward(d.name, union);
        }
        List<BtfType.Member> members = new ArrayList<>();
        for (Die m : d.children) {
            if (m.tag != Dw.TAG_MEMBER) {
                continue;
            }
            long bits;
            if (m.dataBitOffset != Die.NONE) {
                bits = m.dataBitOffset;
            } else {
                long base = m.memberLocation == Die.NONE ? 0 : m.memberLocation * 8;
                if (m.bitSize != Die.NONE && m.bitOffset != Die.NONE) {
                    // DWARF 2-4: bit_offset counts from the storage unit's most significant bit
                    long storage = m.byteSize != Die.NONE ? m.byteSize
                            : dev.klpscope.module.types.TypeNames.size(this, typeId(m.type));
                    bits = file.info.order() == java.nio.ByteOrder.LITTLE_ENDIAN
                            ? base + storage * 8 - m.bitOffset - m.bitSize : base + m.bitOffset;
                } else {
                    bits = base;
                }
            }
            int bitfield = m.bitSize == Die.NONE ? 0 : (int) Math.min(m.bitSize, Integer.MAX_VALUE);
            members.add(new BtfType.Member(m.name, typeId(m.type), bits, bitfield));
        }
        return new BtfType.Composite(d.name, union, Math.max(0, d.byteSize), members);
    }

    /** The ids of the unit's top-level DIEs (types, variables, functions), in order: for walking a whole unit. */
    public List<Integer> topLevel() {
        List<Integer> ids = new ArrayList<>(unit.root().children.size());
        for (Die d : unit.root().children) {
            ids.add(id(d.offset));
        }
        return ids;
    }

    @Override
    public synchronized List<Integer> named(String name) {
        if (byName == null) {
            Map<String, List<Integer>> m = new HashMap<>();
            for (Die d : unit.root().children) {
                if (isNamedKind(d.tag)) {
                    String n = file.nameOf(d);
                    if (!n.isEmpty()) {
                        m.computeIfAbsent(n, k -> new ArrayList<>(1)).add(id(d.offset));
                    }
                }
            }
            byName = m;
        }
        return byName.getOrDefault(name, List.of());
    }

    private static boolean isNamedKind(int tag) {
        return tag == Dw.TAG_STRUCTURE || tag == Dw.TAG_CLASS || tag == Dw.TAG_UNION || tag == Dw.TAG_ENUMERATION
                || tag == Dw.TAG_TYPEDEF || tag == Dw.TAG_VARIABLE || tag == Dw.TAG_SUBPROGRAM;
    }
}
