package dev.klpscope.module.types;

import java.util.Optional;

/**
 * A module's distilled base BTF ({@code .BTF.base}, which kbuild adds to out-of-tree modules from 6.11): the kernel
 * types the module's split {@code .BTF} refers to, with only what the kernel needs to find each in the running
 * vmlinux's BTF at load (kernel/bpf/btf_relocate.c, tools/lib/bpf/btf.c {@code btf__distill_base}): a named struct or
 * union keeps its name and size but no members ({@code vlen} 0). Such a composite is opaque: read as a layout it
 * would have no members, and compared with a full layout every member would read as removed. Until the module is
 * relocated onto its vmlinux's BTF, the layout of a type that reaches one is not compared.
 */
public final class DistilledBase {

    private DistilledBase() {
    }

    /**
     * The first opaque composite of a distilled base that {@link Layouts#of} would expand for type {@code id} (the
     * type itself, anonymous members at any depth, named ones to {@link Layouts#NAMED_DEPTH}), as C names it
     * ({@code struct kernel_param}); empty when the layout is complete.
     */
    public static Optional<String> opaqueReached(TypeGraph graph, int id) {
        return opaque(graph, element(graph, id), 0, 0);
    }

    private static Optional<String> opaque(TypeGraph graph, int id, int depth, int named) {
        if (depth > Layouts.MAX_DEPTH) {
            return Optional.empty();
        }
        int at = TypeNames.resolveId(graph, id);
        if (!(graph.type(at) instanceof BtfType.Composite c)) {
            return Optional.empty();
        }
        if (isOpaque(graph, at, c)) {
            return Optional.of(TypeNames.name(graph, at));
        }
        for (BtfType.Member m : c.members()) {
            int inner = TypeNames.resolveId(graph, m.type());
            if (!(graph.type(inner) instanceof BtfType.Composite)) {
                continue;
            }
            boolean anonymous = m.name().isEmpty();
            if (anonymous || named < Layouts.NAMED_DEPTH) {
                Optional<String> found = opaque(graph, inner, depth + 1, anonymous ? named : named + 1);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** Why the layout of {@code type} (as {@link #opaqueReached} names it) cannot be compared, for a finding. */
    public static String why(String type) {
        return type + " is from its distilled .BTF.base, which keeps a kernel type's name and size but not its members "
                + "(the kernel relocates them onto vmlinux's BTF at load, kernel/bpf/btf_relocate.c)";
    }

    /** A composite with a size and no members, held by a distilled {@code .BTF.base} rather than the module's BTF. */
    static boolean isOpaque(TypeGraph graph, int id, BtfType.Composite c) {
        return c.members().isEmpty() && c.size() > 0 && graph instanceof Btf btf && !btf.owns(id)
                && btf.base().filter(b -> b.what().equals(BtfFiles.DISTILLED)).isPresent();
    }

    /** Under array dimensions, as a variable's layout is its element's. */
    private static int element(TypeGraph graph, int id) {
        int at = TypeNames.resolveId(graph, id);
        for (int steps = 0; graph.type(at) instanceof BtfType.Array a && steps < Layouts.MAX_DEPTH; steps++) {
            at = TypeNames.resolveId(graph, a.element());
        }
        return at;
    }
}
