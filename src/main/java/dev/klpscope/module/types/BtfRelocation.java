package dev.klpscope.module.types;

import dev.klpscope.elf.ByteReader;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A module's split {@code .BTF} moved from its distilled {@code .BTF.base} onto the BTF of its release's vmlinux, as
 * the kernel does at load (kernel/bpf/btf_relocate.c {@code btf_relocate()}): each distilled type is matched in
 * vmlinux's BTF by kind, name and size, and the module's records are rewritten with vmlinux's type ids and string
 * offsets. Then a kernel struct the module refers to has vmlinux's members, not the distilled name and size only
 * ({@link DistilledBase}). Where a distilled type has no single match (another kernel, or a kind this does not
 * rewrite) there is no relocation, and the distilled base stays.
 */
final class BtfRelocation {

    private static final int RECORD = 12;

    private BtfRelocation() {
    }

    /** {@code split} (the module's {@code .BTF} bytes) read on {@code distilled}, relocated onto {@code vmlinux}. */
    static Optional<Btf> relocate(ByteReader split, Btf distilled, Btf vmlinux, int pointerSize) {
        int[] map = new int[distilled.endId()];
        for (int d = 1; d < distilled.endId(); d++) {
            Optional<Integer> v = match(distilled, d, vmlinux);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            map[d] = v.get();
        }
        String what = ".BTF";
        BtfHeader h = BtfHeader.read(split, what);
        ByteReader types = split.slice(h.hdrLen() + h.typeOff(), h.typeLen(), what + " type section");
        ByteReader strings = split.slice(h.hdrLen() + h.strOff(), h.strLen(), what + " string section");
        Rewriter w = new Rewriter(distilled, vmlinux, map, strings, split.order());
        long at = 0;
        while (at < types.length()) {
            Optional<Long> next = w.record(types, at);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            at = next.get();
        }
        byte[] bytes = w.finish();
        return Optional.of(Btf.read(ByteReader.of(bytes, split.order(), split.file()), ".BTF relocated from .BTF.base",
                vmlinux, pointerSize));
    }

    /** The one type of vmlinux with {@code d}'s kind, C name and size ({@code btf_relocate_map_distilled_base()}). */
    private static Optional<Integer> match(Btf distilled, int d, Btf vmlinux) {
        BtfType t = distilled.type(d);
        String name = TypeNames.name(distilled, d);
        String bare = name.substring(name.indexOf(' ') + 1);
        if (t == null || bare.isEmpty()) {
            return Optional.empty();
        }
        long size = TypeNames.size(distilled, d);
        if (t instanceof BtfType.Int || t instanceof BtfType.Float) {
            // not indexed by name: vmlinux's base types come first (pahole emits them as it meets them)
            for (int v = 1; v < vmlinux.endId(); v++) {
                if (vmlinux.type(v) != null && vmlinux.type(v).equals(t)) {
                    return Optional.of(v);
                }
            }
            return Optional.empty();
        }
        List<Integer> found = vmlinux.named(bare).stream()
                .filter(v -> vmlinux.type(v) != null && vmlinux.type(v).getClass() == t.getClass()
                        && TypeNames.name(vmlinux, v).equals(name) && TypeNames.size(vmlinux, v) == size).toList();
        // a struct or union must be one (two same-named ones of one size cannot be told apart); an int or float is
        // the same wherever it is declared
        boolean composite = t instanceof BtfType.Composite;
        return found.isEmpty() || composite && found.size() > 1 ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Writes the module's records with vmlinux's ids and offsets, and its strings followed by the base's it names. */
    private static final class Rewriter {
        private final Btf distilled;
        private final int[] map;
        private final ByteReader strings;
        private final ByteOrder order;
        private final int idShift;
        private final long ownStrings;
        private final long distilledStrings;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final Map<String, Long> added = new LinkedHashMap<>();
        private long addedLength;

        Rewriter(Btf distilled, Btf vmlinux, int[] map, ByteReader strings, ByteOrder order) {
            this.distilled = distilled;
            this.map = map;
            this.strings = strings;
            this.order = order;
            this.idShift = vmlinux.endId() - distilled.endId();
            this.ownStrings = vmlinux.endStr();
            this.distilledStrings = distilled.endStr();
        }

        /** One record at {@code at}, written; the offset of the next, or empty for a kind not rewritten. */
        Optional<Long> record(ByteReader t, long at) {
            long info = t.u32(at + 4, ".BTF info");
            int kind = (int) ((info >>> 24) & 0x7f);
            int vlen = (int) (info & 0xffff);
            put(name(t.u32(at, ".BTF name")));
            put(info);
            long third = t.u32(at + 8, ".BTF size/type");
            switch (kind) {
                case Btf.KIND_PTR, Btf.KIND_TYPEDEF, Btf.KIND_VOLATILE, Btf.KIND_CONST, Btf.KIND_RESTRICT, Btf.KIND_FUNC,
                     Btf.KIND_TYPE_TAG -> {
                    put(id(third));
                    return Optional.of(at + RECORD);
                }
                case Btf.KIND_FWD, Btf.KIND_FLOAT -> {
                    put(third);
                    return Optional.of(at + RECORD);
                }
                case Btf.KIND_INT -> {
                    put(third);
                    put(t.u32(at + RECORD, ".BTF int"));
                    return Optional.of(at + RECORD + 4);
                }
                case Btf.KIND_VAR, Btf.KIND_DECL_TAG -> {
                    put(id(third));
                    put(t.u32(at + RECORD, ".BTF var"));
                    return Optional.of(at + RECORD + 4);
                }
                case Btf.KIND_ARRAY -> {
                    put(third);
                    put(id(t.u32(at + RECORD, ".BTF array")));
                    put(id(t.u32(at + RECORD + 4, ".BTF array")));
                    put(t.u32(at + RECORD + 8, ".BTF array"));
                    return Optional.of(at + RECORD + 12);
                }
                case Btf.KIND_STRUCT, Btf.KIND_UNION -> {
                    put(third);
                    for (int i = 0; i < vlen; i++) {
                        long m = at + RECORD + 12L * i;
                        put(name(t.u32(m, ".BTF member")));
                        put(id(t.u32(m + 4, ".BTF member")));
                        put(t.u32(m + 8, ".BTF member"));
                    }
                    return Optional.of(at + RECORD + 12L * vlen);
                }
                case Btf.KIND_ENUM -> {
                    put(third);
                    for (int i = 0; i < vlen; i++) {
                        put(name(t.u32(at + RECORD + 8L * i, ".BTF enum")));
                        put(t.u32(at + RECORD + 8L * i + 4, ".BTF enum"));
                    }
                    return Optional.of(at + RECORD + 8L * vlen);
                }
                case Btf.KIND_ENUM64 -> {
                    put(third);
                    for (int i = 0; i < vlen; i++) {
                        long e = at + RECORD + 12L * i;
                        put(name(t.u32(e, ".BTF enum64")));
                        put(t.u32(e + 4, ".BTF enum64"));
                        put(t.u32(e + 8, ".BTF enum64"));
                    }
                    return Optional.of(at + RECORD + 12L * vlen);
                }
                case Btf.KIND_FUNC_PROTO -> {
                    put(id(third));
                    for (int i = 0; i < vlen; i++) {
                        put(name(t.u32(at + RECORD + 8L * i, ".BTF param")));
                        put(id(t.u32(at + RECORD + 8L * i + 4, ".BTF param")));
                    }
                    return Optional.of(at + RECORD + 8L * vlen);
                }
                case Btf.KIND_DATASEC -> {
                    put(third);
                    for (int i = 0; i < vlen; i++) {
                        long v = at + RECORD + 12L * i;
                        put(id(t.u32(v, ".BTF datasec")));
                        put(t.u32(v + 4, ".BTF datasec"));
                        put(t.u32(v + 8, ".BTF datasec"));
                    }
                    return Optional.of(at + RECORD + 12L * vlen);
                }
                default -> {
                    return Optional.empty();
                }
            }
        }

        private long id(long id) {
            if (id == 0) {
                return 0;
            }
            return id < map.length ? map[(int) id] : id + idShift;
        }

        /** The module's own strings keep their place after vmlinux's; a distilled base's name is added after them. */
        private long name(long off) {
            if (off == 0) {
                return 0;
            }
            if (off >= distilledStrings) {
                return off - distilledStrings + ownStrings;
            }
            String s = distilled.name(off, 0);
            Long known = added.get(s);
            if (known != null) {
                return known;
            }
            long at = ownStrings + strings.length() + addedLength;
            added.put(s, at);
            addedLength += s.getBytes(StandardCharsets.UTF_8).length + 1;
            return at;
        }

        private void put(long v) {
            byte[] b = ByteBuffer.allocate(4).order(order).putInt((int) v).array();
            out.write(b, 0, 4);
        }

        byte[] finish() {
            byte[] types = out.toByteArray();
            ByteArrayOutputStream str = new ByteArrayOutputStream();
            str.write(strings.bytes(0, (int) strings.length(), ".BTF string section"), 0, (int) strings.length());
            for (String s : added.keySet()) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                str.write(b, 0, b.length);
                str.write(0);
            }
            byte[] strs = str.toByteArray();
            ByteBuffer h = ByteBuffer.allocate(24 + types.length + strs.length).order(order);
            h.putShort((short) BtfHeader.MAGIC).put((byte) 1).put((byte) 0).putInt(24);
            h.putInt(0).putInt(types.length).putInt(types.length).putInt(strs.length);
            h.put(types).put(strs);
            return h.array();
        }
    }
}
