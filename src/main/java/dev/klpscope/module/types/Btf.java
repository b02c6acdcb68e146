package dev.klpscope.module.types;

import dev.klpscope.elf.ByteReader;
import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.elf.NameIndex;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A BTF blob (BPF Type Format, include/uapi/linux/btf.h): the types of vmlinux, of a module, or of a raw copy of
 * {@code /sys/kernel/btf/vmlinux}. Opening reads and checks the header and walks the type section once to find
 * where each record starts (every record's length checked against the section); a type is decoded only when asked
 * for, and its names only then.
 *
 * <p><b>Split BTF.</b> A module's {@code .BTF} holds only the types vmlinux's does not, on top of it: its type ids
 * continue after the base's last id and its string offsets after the base's string section, as the kernel's
 * {@code btf_parse_module()} sets {@code start_id = base->start_id + base->nr_types} and
 * {@code start_str_off = base->start_str_off + base->hdr.str_len} (kernel/bpf/btf.c). Ids and offsets below
 * those are looked up in the base.
 */
public final class Btf implements TypeGraph {

    /** {@code BTF_MAX_TYPE}: the kernel refuses more type ids than this. */
    static final int MAX_TYPE = 0x000fffff;
    static final int KIND_INT = 1, KIND_PTR = 2, KIND_ARRAY = 3, KIND_STRUCT = 4, KIND_UNION = 5, KIND_ENUM = 6,
            KIND_FWD = 7, KIND_TYPEDEF = 8, KIND_VOLATILE = 9, KIND_CONST = 10, KIND_RESTRICT = 11, KIND_FUNC = 12,
            KIND_FUNC_PROTO = 13, KIND_VAR = 14, KIND_DATASEC = 15, KIND_FLOAT = 16, KIND_DECL_TAG = 17,
            KIND_TYPE_TAG = 18, KIND_ENUM64 = 19;
    private static final int RECORD = 12;

    private final String what;
    private final ByteReader types;
    private final ByteReader strings;
    private final Btf base;
    private final int startId;
    private final long startStr;
    private final int[] offsets;
    private final byte[] kinds;
    private final int pointerSize;
    private final AtomicReferenceArray<BtfType> decoded;
    private volatile NameIndex byName;
    /**
     * Lookups by name answered by comparing each named record's name bytes (most differ in the first byte) before the
     * index is built: hashing all 100,000 names of a vmlinux's BTF costs more than a check's few lookups do.
     */
    static final int SCANNED_LOOKUPS = 16;
    private final java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();

    private Btf(String what, ByteReader types, ByteReader strings, Btf base, int[] offsets, byte[] kinds, int pointerSize) {
        this.what = what;
        this.types = types;
        this.strings = strings;
        this.base = base;
        this.startId = base == null ? 1 : base.endId();
        this.startStr = base == null ? 0 : base.endStr();
        this.offsets = offsets;
        this.kinds = kinds;
        this.pointerSize = pointerSize;
        this.decoded = new AtomicReferenceArray<>(offsets.length);
    }

    /**
     * Reads the BTF in {@code data} (a {@code .BTF} section or a raw file), on {@code base} when it is split BTF
     * (null for vmlinux's). {@code what} names it in messages ("vmlinux .BTF"); the file is the reader's.
     */
    public static Btf read(ByteReader data, String what, Btf base, int pointerSize) {
        BtfHeader h = BtfHeader.read(data, what);
        ByteReader types = data.slice(h.hdrLen() + h.typeOff(), h.typeLen(), what + " type section");
        ByteReader strings = data.slice(h.hdrLen() + h.strOff(), h.strLen(), what + " string section");
        ByteReader layout = data.slice(h.hdrLen() + h.layoutOff(), h.layoutLen(), what + " layout section");
        checkStrings(strings, what, base);
        int max = (int) (h.typeLen() / RECORD);
        int[] offsets = new int[max];
        byte[] kinds = new byte[max];
        int n = 0;
        long at = 0;
        int first = base == null ? 1 : base.endId();
        while (at < types.length()) {
            if (first + n > MAX_TYPE) {
                throw new MalformedInputException(data.file(), what + ": more than " + MAX_TYPE + " type ids (BTF_MAX_TYPE)",
                        types.fileOffset(at));
            }
            long info = types.u32(at + 4, what + " type " + (first + n) + " info");
            int kind = (int) ((info >>> 24) & 0x7f);
            long vlen = info & 0xffffff;
            long size = recordSize(kind, vlen, layout, types, at, what, first + n);
            types.require(at, size, what + " type " + (first + n) + " (kind " + kind + ", " + vlen + " entries)");
            offsets[n] = (int) at;
            kinds[n] = (byte) kind;
            n++;
            at += size;
        }
        return new Btf(what, types, strings, base, java.util.Arrays.copyOf(offsets, n), java.util.Arrays.copyOf(kinds, n),
                pointerSize);
    }

    /** {@code btf_parse_str_sec()}: the section ends in NUL; base BTF's starts with the empty name. */
    private static void checkStrings(ByteReader strings, String what, Btf base) {
        if (strings.length() == 0 && base != null) {
            return;
        }
        if (strings.length() == 0 || (base == null && strings.u8(0, what + " string section") != 0)
                || strings.u8(strings.length() - 1, what + " string section") != 0) {
            throw new MalformedInputException(strings.file(), what + ": string section does not start and end with NUL",
                    strings.fileOffset(0));
        }
        long end = (base == null ? 0 : base.endStr()) + strings.length();
        if (end > 0x00ffffffL + 1) {
            throw new MalformedInputException(strings.file(), what + ": string section ends past BTF_MAX_NAME_OFFSET",
                    strings.fileOffset(0));
        }
    }

    /** The length of one type record ({@code btf_type_size()} and each kind's {@code check_meta}). */
    private static long recordSize(int kind, long vlen, ByteReader layout, ByteReader types, long at, String what, int id) {
        switch (kind) {
            case KIND_INT: case KIND_VAR: case KIND_DECL_TAG: return RECORD + 4;
            case KIND_PTR: case KIND_FWD: case KIND_TYPEDEF: case KIND_VOLATILE: case KIND_CONST: case KIND_RESTRICT:
            case KIND_FUNC: case KIND_FLOAT: case KIND_TYPE_TAG: return RECORD;
            case KIND_ARRAY: return RECORD + 12;
            case KIND_STRUCT: case KIND_UNION: case KIND_DATASEC: case KIND_ENUM64: return RECORD + 12 * vlen;
            case KIND_ENUM: case KIND_FUNC_PROTO: return RECORD + 8 * vlen;
            default: {
                // 7.x: the layout section says how long each kind's records are, for kinds newer than the reader
                if (kind != 0 && layout.fits(4L * kind, 4)) {
                    return RECORD + layout.u8(4L * kind, what + " layout") + vlen * layout.u8(4L * kind + 1, what + " layout");
                }
                throw new MalformedInputException(types.file(), what + ": type " + id + " has unknown kind " + kind,
                        types.fileOffset(at + 4));
            }
        }
    }

    /** What this BTF is, for messages: e.g. {@code vmlinux .BTF}. */
    @Override
    public String what() {
        return what;
    }

    @Override
    public String file() {
        return types.file();
    }

    public Optional<Btf> base() {
        return Optional.ofNullable(base);
    }

    /** The first type id of this BTF (1 for base BTF). */
    public int startId() {
        return startId;
    }

    /** One past the last type id, this BTF's and its base's. */
    public int endId() {
        return startId + offsets.length;
    }

    long endStr() {
        return startStr + strings.length();
    }

    /** Bytes of a pointer: 8 on 64-bit, 4 on 32-bit objects. */
    @Override
    public int pointerSize() {
        return pointerSize;
    }

    /** Type {@code id}; null for {@code 0} (void). An id past the last is malformed input. */
    @Override
    public BtfType type(int id) {
        if (id == 0) {
            return null;
        }
        if (id < startId) {
            if (base == null || id < 0) {
                throw new MalformedInputException(file(), what + ": type id " + Integer.toUnsignedString(id) + " does not exist");
            }
            return base.type(id);
        }
        int i = id - startId;
        if (i >= offsets.length) {
            throw new MalformedInputException(file(), what + ": type id " + Integer.toUnsignedString(id) + " is past the last type ("
                    + (endId() - 1) + ")");
        }
        BtfType t = decoded.get(i);
        if (t == null) {
            t = BtfDecoder.decode(this, types, offsets[i], kinds[i], id);
            checkReferences(id, t);
            decoded.set(i, t);
        }
        return t;
    }

    /**
     * The type ids a record refers to, checked when it is decoded, so that one past the last type is reported at the
     * record that holds it ({@code btf_check_all_types()} refuses such BTF: kernel/bpf/btf.c).
     */
    private void checkReferences(int id, BtfType t) {
        if (t instanceof BtfType.Pointer p) {
            reference(id, p.target(), "");
        } else if (t instanceof BtfType.Array a) {
            reference(id, a.element(), "(element) ");
            reference(id, a.index(), "(index) ");
        } else if (t instanceof BtfType.Composite c) {
            for (int m = 0; m < c.members().size(); m++) {
                reference(id, c.members().get(m).type(), "member " + m + " (`" + c.members().get(m).name() + "`) ");
            }
        } else if (t instanceof BtfType.Reference r) {
            reference(id, r.target(), "");
        } else if (t instanceof BtfType.Function f) {
            reference(id, f.proto(), "(prototype) ");
        } else if (t instanceof BtfType.Prototype p) {
            reference(id, p.returnType(), "(return type) ");
            for (int k = 0; k < p.parameters().size(); k++) {
                reference(id, p.parameters().get(k).type(), "parameter " + k + " ");
            }
        } else if (t instanceof BtfType.Variable v) {
            reference(id, v.type(), "");
        } else if (t instanceof BtfType.DataSection d) {
            for (int v : d.variables()) {
                reference(id, v, "(section variable) ");
            }
        } else if (t instanceof BtfType.DeclTag d) {
            reference(id, d.target(), "");
        }
    }

    private void reference(int id, int target, String where) {
        if (Integer.compareUnsigned(target, endId()) >= 0) {
            throw malformed(id, where + "refers to type id " + Integer.toUnsignedString(target) + ", past the last type ("
                    + (endId() - 1) + ")");
        }
    }

    /** At the offset of type {@code id}'s record, in the base's file for a base's type. */
    @Override
    public MalformedInputException malformed(int id, String problem) {
        if (id > 0 && id < startId && base != null) {
            return base.malformed(id, problem);
        }
        boolean known = id >= startId && id - startId < offsets.length;
        return new MalformedInputException(file(), what + ": type " + Integer.toUnsignedString(id) + " " + problem,
                known ? recordOffset(id) : -1);
    }

    /** Where type {@code id}'s record starts, from the start of the BTF data (tests derive broken inputs with it). */
    long recordOffset(int id) {
        return types.fileOffset(offsets[id - startId]);
    }

    /** The string at {@code offset} (continuing the base's offsets in split BTF). */
    String name(long offset, int id) {
        if (offset < startStr) {
            return base.name(offset, id);
        }
        long local = offset - startStr;
        if (local >= strings.length()) {
            throw new MalformedInputException(file(), String.format("%s: type %d names string offset %d, past the string section",
                    what, id, offset), strings.fileOffset(0));
        }
        return strings.cString(local, strings.length(), what + " type " + id + " name");
    }

    /**
     * The ids of the named types called {@code name} (struct, union, enum, typedef, forward, variable, function), in
     * this BTF first and then in its base, in id order. The first {@link #SCANNED_LOOKUPS} compare names record by
     * record; later ones build and use a name index (one pass hashing the names).
     */
    @Override
    public List<Integer> named(String name) {
        List<Integer> out = new ArrayList<>();
        if (lookups.incrementAndGet() <= SCANNED_LOOKUPS) {
            for (int i = 0; i < offsets.length; i++) {
                if (isNamedKind(kinds[i]) && nameIs(nameOffset(i), name)) {
                    out.add(startId + i);
                }
            }
        } else {
            for (int i : index().find(name, i -> nameIs(nameOffset(i), name))) {
                out.add(startId + i);
            }
        }
        if (base != null) {
            out.addAll(base.named(name));
        }
        return out;
    }

    /**
     * The {@code VAR} called {@code name}, searched in this BTF and then its base. Only the {@code VAR} records are
     * named (a few hundred in a vmlinux), not all 100,000 types: {@code var-layout} asks this for every variable
     * target, and most builds need no other name.
     */
    public Optional<BtfType.Variable> variable(String name) {
        for (int i = 0; i < offsets.length; i++) {
            if (kinds[i] != KIND_VAR) {
                continue;
            }
            if (nameIs(nameOffset(i), name) && type(startId + i) instanceof BtfType.Variable v) {
                return Optional.of(v);
            }
        }
        return base == null ? Optional.empty() : base.variable(name);
    }

    @Override
    public boolean owns(int id) {
        return id >= startId;
    }

    /** How many {@code VAR} records this BTF (without its base) has. */
    public int variableCount() {
        int n = 0;
        for (byte k : kinds) {
            n += k == KIND_VAR ? 1 : 0;
        }
        return n;
    }

    /** How many types this BTF (without its base) has. */
    public int typeCount() {
        return offsets.length;
    }

    /**
     * The named types by name, hashed over the string section's bytes: vmlinux's BTF has about 100 k named types,
     * which a map of {@code String}s made every analysis that looks one up pay for (docs/performance.md).
     */
    private NameIndex index() {
        NameIndex m = byName;
        if (m == null) {
            m = new NameIndex(offsets.length, i -> isNamedKind(kinds[i]) && nameHash(nameOffset(i)) >= 0,
                    i -> (int) nameHash(nameOffset(i)));
            byName = m;
        }
        return m;
    }

    private long nameOffset(int i) {
        return types.u32(offsets[i], what + " type name");
    }

    /**
     * {@code name(offset).hashCode()} in the low 32 bits; -1 for offset 0 (no name) or an offset {@link #name} would
     * refuse (reported when that type itself is decoded).
     */
    private long nameHash(long offset) {
        if (offset == 0) {
            return -1;
        }
        if (offset < startStr) {
            return base.nameHash(offset);
        }
        return strings.cStringHash(offset - startStr);
    }

    private boolean nameIs(long offset, String name) {
        if (offset < startStr) {
            return base.nameIs(offset, name);
        }
        return strings.cStringMatch(offset - startStr, name, true) == 1;
    }

    private static boolean isNamedKind(int kind) {
        return kind == KIND_STRUCT || kind == KIND_UNION || kind == KIND_ENUM || kind == KIND_ENUM64 || kind == KIND_FWD
                || kind == KIND_TYPEDEF || kind == KIND_VAR || kind == KIND_FUNC;
    }
}
