package dev.klpscope.check;

import dev.klpscope.elf.Section;
import dev.klpscope.livepatch.Livepatch;
import dev.klpscope.livepatch.lint.KernelRules;
import dev.klpscope.module.Compilers;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelVersion;
import dev.klpscope.module.ObjectKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Checks of a candidate as a whole: the loader's refusals in its order ({@code struct module} size,
 * {@code module_layout}, vermagic), srcversion and build id against the baseline, objects the patch does not patch,
 * and symbols defined both by the patch and by the candidate ({@link DuplicateDefinitions}).
 */
final class CandidateChecks {

    private CandidateChecks() {
    }

    /**
     * Findings about one candidate as a whole, the loader's refusals in the order the loader meets them
     * (6.1 {@code load_module()}, 6.12/7.3 {@code early_mod_check()}): the signature ({@code module_sig_check()}, on
     * the raw file before anything else; {@link SignatureTrust}), the ELF header, the size of
     * {@code struct module} (6.12+, {@code elf_validity_check()}), {@code module_layout}
     * ({@code check_modstruct_version()}), then {@code vermagic} ({@code check_modinfo()}); the CRCs of other imported
     * symbols come later ({@code simplify_symbols()}) and are reported per target.
     *
     * @param all        every candidate of the run: a vmlinux among them is the kernel of the modules of its release
     * @param signatures how the machine enforces module signatures ({@code signature-trust})
     */
    static CandidateInfo info(Livepatch patch, KernelObject c, Baselines baselines, List<KernelObject> all,
                              SignatureSettings signatures) {
        List<Finding> findings = new ArrayList<>();
        // objects() holds every klp_object, with or without functions; vmlinux is never "not patched": it resolves
        // the patch's imports whether or not the patch has a vmlinux object
        if (!patch.objects().contains(c.name()) && c.kind() != ObjectKind.VMLINUX) {
            findings.add(new Finding.NotPatched(c.name(), String.join(", ", patch.objects()), c.name().equals(patch.name())));
        }
        SignatureTrust.of(patch, c, all, signatures).ifPresent(findings::add);
        var patchHeader = patch.module().image().header();
        var candidateHeader = c.image().header();
        findings.addAll(SymbolsOnlyChecks.candidate(c));
        if (!c.symbolsOnly() && (patchHeader.machine() != candidateHeader.machine() || patchHeader.is64() != candidateHeader.is64())) {
            findings.add(new Finding.MachineDiffers(patchHeader.className() + " " + patchHeader.machineName(),
                    candidateHeader.className() + " " + candidateHeader.machineName()));
        }
        structModuleSize(patch, c).ifPresent(findings::add);
        moduleLayout(patch, c, all).ifPresent(findings::add);
        vermagic(patch, c).ifPresent(findings::add);
        if (c.kind() == ObjectKind.VMLINUX && c.symbols().anyDefined("klp_enable_patch").isEmpty()) {
            findings.add(new Finding.LivepatchDisabled(patch.name()));
        }
        baselines.ambiguity(c).ifPresent(findings::add);
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
            DuplicateDefinitions.of(patch, c).forEach(findings::add);
        }
        toolchain(patch, c).ifPresent(findings::add);
        return new CandidateInfo(c.path(), c.name(), c.kind() == ObjectKind.VMLINUX ? "vmlinux" : "module",
                c.vermagic().orElse(""), c.srcversion().orElse(""), c.buildId().orElse(""),
                c.image().signature().isPresent(), c.image().compression().label(), baselines.isBaseline(c),
                baselines.reason(c), findings, c.release().orElse(""));
    }

    /**
     * {@code toolchain}: the patch's compiler against the candidate's ({@link Compilers}), as kpatch-build's
     * {@code gcc_version_check()} compares its compiler with the target's. Nothing is said where either file does not
     * say (a vmlinux reduced to its symbols).
     */
    private static Optional<Finding> toolchain(Livepatch patch, KernelObject c) {
        Optional<Compilers.Compiler> mine = Compilers.of(patch.module());
        Optional<Compilers.Compiler> theirs = Compilers.of(c);
        if (mine.isEmpty() || theirs.isEmpty() || mine.get().ident().equals(theirs.get().ident())) {
            return Optional.empty();
        }
        return Optional.of(new Finding.CompilerDiffers(mine.get().ident(), theirs.get().ident(), theirs.get().source()));
    }

    private static final String MODULE_LAYOUT = "module_layout";

    /**
     * {@code check_modstruct_version()}: the patch's {@code __versions} CRC of {@code module_layout} against the
     * kernel's. A vmlinux exports it ({@code __kcrctab}); a module carries the CRC of the kernel it was built for in
     * its own {@code __versions} (it loads there only if they agree), and a vmlinux of the module's release given
     * in the same run says it directly. Without a CRC on either side the kernel checks nothing here (no
     * modversions; 6.1 prints "no symbol version for module_layout" once and goes on).
     */
    private static Optional<Finding> moduleLayout(Livepatch patch, KernelObject c, List<KernelObject> all) {
        OptionalLong want = patch.module().versions().importedCrc(MODULE_LAYOUT);
        if (want.isEmpty()) {
            return Optional.empty();
        }
        OptionalLong have = OptionalLong.empty();
        String source = "";
        if (c.kind() == ObjectKind.VMLINUX) {
            have = c.versions().exportedCrc(MODULE_LAYOUT);
            source = c.symbolsOnly() ? "this vmlinux's Module.symvers" : "this vmlinux (__kcrctab)";
        } else {
            Optional<String> release = c.release();
            for (KernelObject k : all) {
                if (k.kind() == ObjectKind.VMLINUX && release.isPresent() && k.release().equals(release)
                        && k.versions().exportedCrc(MODULE_LAYOUT).isPresent()) {
                    have = k.versions().exportedCrc(MODULE_LAYOUT);
                    source = "the vmlinux of its kernel (" + k.path() + ")";
                    break;
                }
            }
            if (have.isEmpty()) {
                have = c.versions().importedCrc(MODULE_LAYOUT);
                source = "the kernel this module was built for (its __versions)";
            }
        }
        if (have.isEmpty() || have.getAsLong() == want.getAsLong()) {
            return Optional.empty();
        }
        return Optional.of(new Finding.ModuleLayoutMismatch(want.getAsLong(), have.getAsLong(), source, patch.name()));
    }

    /**
     * {@code same_magic()}: with modversions (a {@code __versions} section in the module being loaded, the patch)
     * only the part after the kernel release must match. The candidate stands for its kernel: a vmlinux by its own
     * {@code vermagic[]}, a module by its {@code vermagic=}, which equals its kernel's (else it would not load).
     */
    private static Optional<Finding> vermagic(Livepatch patch, KernelObject c) {
        String a = patch.module().vermagic().orElse("");
        String b = c.vermagic().orElse("");
        if (a.isEmpty() || b.isEmpty() || a.equals(b)) {
            return Optional.empty();
        }
        boolean crcs = patch.module().image().section("__versions").isPresent();
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
}
