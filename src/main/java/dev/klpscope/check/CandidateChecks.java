package dev.klpscope.check;

import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;
import dev.klpscope.livepatch.Livepatch;
import dev.klpscope.livepatch.lint.KernelRules;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelVersion;
import dev.klpscope.module.ObjectKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks of a candidate as a whole: vermagic, srcversion and build id against the baseline, objects the patch
 * does not patch, and symbols defined both by the patch and by the candidate ({@code dup-definition}).
 */
final class CandidateChecks {

    /** Statics that klp-build clones on purpose rather than correlating: duplicates of these are by design. */
    private static final Set<String> UNCORRELATED = Set.of("__already_done", "__func__", "__key", "__warned", "_entry",
            "_entry_ptr", "_rs", "descriptor", "CSWTCH");

    /** Sections modpost and objtool give every module its own copy of (6.4+: {@code orc_header}): never shared state. */
    private static final Set<String> PER_MODULE_SECTIONS = Set.of(".orc_header", ".modinfo", "__versions",
            ".gnu.linkonce.this_module");

    private CandidateChecks() {
    }

    static CandidateInfo info(Livepatch patch, KernelObject c, Baselines baselines) {
        List<Finding> findings = new ArrayList<>();
        // objects() holds every klp_object, with or without functions; vmlinux is never "not patched": it resolves
        // the patch's imports whether or not the patch has a vmlinux object
        if (!patch.objects().contains(c.name()) && c.kind() != ObjectKind.VMLINUX) {
            findings.add(new Finding.NotPatched(c.name(), String.join(", ", patch.objects())));
        }
        var patchHeader = patch.module().image().header();
        var candidateHeader = c.image().header();
        if (patchHeader.machine() != candidateHeader.machine() || patchHeader.is64() != candidateHeader.is64()) {
            findings.add(new Finding.MachineDiffers(patchHeader.className() + " " + patchHeader.machineName(),
                    candidateHeader.className() + " " + candidateHeader.machineName()));
        }
        vermagic(patch, c).ifPresent(findings::add);
        structModuleSize(patch, c).ifPresent(findings::add);
        if (c.kind() == ObjectKind.VMLINUX && c.symbols().anyDefined("klp_enable_patch").isEmpty()) {
            findings.add(new Finding.LivepatchDisabled(patch.name()));
        }
        Optional<KernelObject> base = baselines.of(c.name());
        if (base.isPresent() && base.get() != c) {
            String bs = base.get().srcversion().orElse("");
            String cs = c.srcversion().orElse("");
            if (!bs.isEmpty() && !cs.isEmpty() && !bs.equals(cs)) {
                findings.add(new Finding.SrcversionDiffers(bs, cs));
            }
            String bb = base.get().buildId().orElse("");
            String cb = c.buildId().orElse("");
            if (!bb.isEmpty() && !cb.isEmpty() && !bb.equals(cb)) {
                findings.add(new Finding.BuildIdDiffers(bb, cb));
            }
        }
        if (patch.objects().contains(c.name())) {
            duplicates(patch, c, findings);
        }
        return new CandidateInfo(c.path(), c.name(), c.kind() == ObjectKind.VMLINUX ? "vmlinux" : "module",
                c.vermagic().orElse(""), c.srcversion().orElse(""), c.buildId().orElse(""),
                c.image().signature().isPresent(), c.image().compression().label(), baselines.isBaseline(c),
                baselines.reason(c), findings);
    }

    /**
     * {@code same_magic()}: with modversions (a {@code __versions} section) only the part after the kernel release
     * must match. Both patch and module load into one kernel, so they must agree with each other.
     */
    private static Optional<Finding> vermagic(Livepatch patch, KernelObject c) {
        if (c.kind() != ObjectKind.MODULE) {
            return Optional.empty();
        }
        String a = patch.module().vermagic().orElse("");
        String b = c.vermagic().orElse("");
        if (a.isEmpty() || b.isEmpty() || a.equals(b)) {
            return Optional.empty();
        }
        boolean crcs = patch.module().image().section("__versions").isPresent()
                && c.image().section("__versions").isPresent();
        if (crcs && afterRelease(a).equals(afterRelease(b))) {
            return Optional.of(new Finding.KernelReleaseDiffers(release(a), release(b)));
        }
        return Optional.of(new Finding.VermagicMismatch(a, b, crcs, patch.name()));
    }

    /** Both are modules for one kernel: their {@code struct module} must be that kernel's size (6.12+ checks it). */
    private static Optional<Finding> structModuleSize(Livepatch patch, KernelObject c) {
        if (c.kind() != ObjectKind.MODULE) {
            return Optional.empty();
        }
        Optional<Section> mine = patch.module().image().section(THIS_MODULE);
        Optional<Section> theirs = c.image().section(THIS_MODULE);
        if (mine.isEmpty() || theirs.isEmpty() || mine.get().size() == theirs.get().size()) {
            return Optional.empty();
        }
        // the candidate's own vermagic only: no scan of a candidate's bytes for a stray one
        KernelRules kernel = KernelRules.of(c.vermagic().flatMap(KernelVersion::fromVermagic));
        return Optional.of(new Finding.StructModuleSizeDiffers(mine.get().size(), theirs.get().size(),
                release(c.vermagic().orElse("")), kernel.atLeast(6, 12), patch.name()));
    }

    private static final String THIS_MODULE = ".gnu.linkonce.this_module";

    private static String release(String vermagic) {
        int sp = vermagic.indexOf(' ');
        return sp < 0 ? vermagic : vermagic.substring(0, sp);
    }

    private static String afterRelease(String vermagic) {
        int sp = vermagic.indexOf(' ');
        return sp < 0 ? "" : vermagic.substring(sp);
    }

    private static void duplicates(Livepatch patch, KernelObject c, List<Finding> out) {
        Set<String> structures = Set.of("patch", "objs", "funcs");
        for (Symbol mine : patch.defined()) {
            if (structures.contains(mine.name()) || PER_MODULE_SECTIONS.contains(Resolutions.sectionName(patch.module(), mine))
                    || mine.name().startsWith("__pfx_") || mine.name().startsWith("__cfi_")) {
                continue; // __pfx_/__cfi_ (6.2+) label the padding before a function, not a function of their own
            }
            Optional<Symbol> theirs = c.symbols().anyDefined(mine.name());
            if (theirs.isEmpty() || !(theirs.get().isFunction() || theirs.get().isObject())) {
                continue;
            }
            TargetKind kind = mine.isObject() ? TargetKind.VARIABLE : TargetKind.FUNCTION;
            String base = mine.name().contains(".") ? mine.name().substring(0, mine.name().indexOf('.')) : mine.name();
            String exception = UNCORRELATED.contains(base)
                    ? "a compiler or macro static that klp-build clones on purpose" : "";
            Symbol t = theirs.get();
            out.add(new Finding.DuplicateDefinition(mine.name(), kind,
                    String.format("%s %s, %d bytes, %s", t.bindingName(), t.typeName(), t.size(), Resolutions.sectionName(c, t)),
                    exception));
        }
    }
}
