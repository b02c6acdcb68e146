package dev.klpscope.check;

import dev.klpscope.livepatch.RelocationSite;
import dev.klpscope.livepatch.SiteAccess;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What the patch's code does with one target over all its relocation sites, and where ({@link SiteAccess}). */
record Accesses(Map<SiteAccess, List<String>> where) {

    static final Accesses NONE = new Accesses(Map.of());

    Accesses {
        where = Map.copyOf(where);
    }

    static Accesses of(List<RelocationSite> sites) {
        Map<SiteAccess, List<String>> out = new EnumMap<>(SiteAccess.class);
        for (RelocationSite s : sites) {
            String at = s.function().isEmpty() ? String.format("%s+0x%x", s.section(), s.offset()) : s.function();
            List<String> list = out.computeIfAbsent(s.access(), a -> new ArrayList<>());
            if (!list.contains(at)) {
                list.add(at);
            }
        }
        out.replaceAll((a, l) -> List.copyOf(l));
        return new Accesses(out);
    }

    boolean any(SiteAccess access) {
        return where.containsKey(access);
    }

    /** E.g. "livepatch_answer writes it": the functions (or section offsets) that make {@code access}. */
    String describe(SiteAccess access) {
        return String.join(", ", where.getOrDefault(access, List.of())) + " " + access.verb() + " it";
    }
}
