package dev.klpscope.module.types;

import dev.klpscope.elf.ByteReader;

import java.util.ArrayList;
import java.util.List;

import static dev.klpscope.module.types.Btf.*;

/**
 * Decodes one type record whose extent {@link Btf#read} has already checked against the type section. Type ids
 * are kept as read: they are checked when followed ({@link Btf#type}), so a record pointing past the end is
 * reported where it is used, naming the file.
 */
final class BtfDecoder {

    private BtfDecoder() {
    }

    static BtfType decode(Btf btf, ByteReader r, int at, int kind, int id) {
        String what = btf.what() + " type " + id;
        long info = r.u32(at + 4, what);
        int vlen = (int) (info & 0xffffff);
        boolean kflag = (info >>> 31) != 0;
        long sizeOrType = r.u32(at + 8, what);
        String name = btf.name(r.u32(at, what), id);
        int ref = (int) sizeOrType;
        int body = at + 12;
        switch (kind) {
            case KIND_INT: {
                long enc = r.u32(body, what);
                return new BtfType.Int(name, sizeOrType, (int) (enc & 0xff), (int) ((enc >>> 16) & 0xff), ((enc >>> 24) & 1) != 0);
            }
            case KIND_FLOAT: return new BtfType.Float(name, sizeOrType);
            case KIND_PTR: return new BtfType.Pointer(ref);
            case KIND_ARRAY: return new BtfType.Array((int) r.u32(body, what), (int) r.u32(body + 4, what), r.u32(body + 8, what));
            case KIND_STRUCT: case KIND_UNION: return new BtfType.Composite(name, kind == KIND_UNION, sizeOrType,
                    members(btf, r, body, vlen, kflag, id, what));
            case KIND_ENUM: case KIND_ENUM64: return new BtfType.Enum(name, sizeOrType,
                    enumerators(btf, r, body, vlen, kind == KIND_ENUM64, kflag, id, what), kind == KIND_ENUM64, kflag);
            case KIND_FWD: return new BtfType.Forward(name, kflag);
            case KIND_TYPEDEF: return new BtfType.Reference(BtfType.RefKind.TYPEDEF, name, ref);
            case KIND_VOLATILE: return new BtfType.Reference(BtfType.RefKind.VOLATILE, name, ref);
            case KIND_CONST: return new BtfType.Reference(BtfType.RefKind.CONST, name, ref);
            case KIND_RESTRICT: return new BtfType.Reference(BtfType.RefKind.RESTRICT, name, ref);
            case KIND_TYPE_TAG: return new BtfType.Reference(BtfType.RefKind.TYPE_TAG, name, ref);
            case KIND_FUNC: return new BtfType.Function(name, ref, vlen);
            case KIND_FUNC_PROTO: {
                List<BtfType.Parameter> params = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    params.add(new BtfType.Parameter(btf.name(r.u32(body + 8L * i, what), id), (int) r.u32(body + 8L * i + 4, what)));
                }
                return new BtfType.Prototype(ref, params);
            }
            case KIND_VAR: return new BtfType.Variable(name, ref, r.u32(body, what));
            case KIND_DATASEC: {
                List<Integer> vars = new ArrayList<>(vlen);
                for (int i = 0; i < vlen; i++) {
                    vars.add((int) r.u32(body + 12L * i, what));
                }
                return new BtfType.DataSection(name, sizeOrType, vars);
            }
            case KIND_DECL_TAG: return new BtfType.DeclTag(name, ref, r.s32(body, what));
            default: return new BtfType.Unknown(kind);
        }
    }

    /**
     * {@code struct btf_enum} (name, 32-bit value) or {@code struct btf_enum64} (name, low and high 32 bits); {@code vlen}
     * entries, whose extent {@link Btf#read} checked against the type section.
     */
    private static List<BtfType.Enumerator> enumerators(Btf btf, ByteReader r, int body, int vlen, boolean wide, boolean signed,
                                                        int id, String what) {
        List<BtfType.Enumerator> out = new ArrayList<>(vlen);
        int step = wide ? 12 : 8;
        for (int i = 0; i < vlen; i++) {
            long e = body + (long) step * i;
            String where = what + " enumerator " + i;
            long low = r.u32(e + 4, where);
            long value = wide ? r.u32(e + 8, where) << 32 | low : signed ? (int) low : low;
            out.add(new BtfType.Enumerator(btf.name(r.u32(e, where), id), value));
        }
        return out;
    }

    private static List<BtfType.Member> members(Btf btf, ByteReader r, int body, int vlen, boolean kflag, int id, String what) {
        List<BtfType.Member> out = new ArrayList<>(vlen);
        for (int i = 0; i < vlen; i++) {
            long m = body + 12L * i;
            long offset = r.u32(m + 8, what + " member " + i);
            out.add(new BtfType.Member(btf.name(r.u32(m, what + " member " + i), id), (int) r.u32(m + 4, what + " member " + i),
                    kflag ? offset & 0xffffff : offset, kflag ? (int) (offset >>> 24) : 0));
        }
        return out;
    }
}
