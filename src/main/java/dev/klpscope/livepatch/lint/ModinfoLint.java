package dev.klpscope.livepatch.lint;

import dev.klpscope.elf.ModuleSignature;
import dev.klpscope.livepatch.lint.PatchProblem.Level;
import dev.klpscope.module.ModInfo;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code .modinfo} as {@code setup_load_info}, {@code check_modinfo} and {@code klp_enable_patch} read it, and the
 * appended signature as {@code module_sig_check}/{@code mod_verify_sig}/{@code mod_check_sig} do. A signature whose
 * length does not fit the file never gets here: {@link dev.klpscope.elf.ElfImage} cannot find the ELF data either.
 */
final class ModinfoLint {

    /**
     * Words {@code VERMAGIC_STRING} is made of after the release (include/linux/vermagic.h and each arch's
     * asm/vermagic.h, 6.1 to 7.3): the generic ones, x86-32 CPU families, arm64, riscv, ppc and loongarch.
     */
    private static final Set<String> VERMAGIC_WORDS = Set.of("SMP", "preempt", "preempt_rt", "mod_unload", "modversions",
            "486", "486SX", "586", "586TSC", "586MMX", "686", "PENTIUMII", "PENTIUMIII", "PENTIUMM", "PENTIUM4", "K6", "K7",
            "K8", "ELAN", "CRUSOE", "EFFICEON", "WINCHIPC6", "WINCHIP3D", "CYRIXIII", "VIAC3-2", "VIAC7", "GEODEGX1", "GEODE",
            "ATOM", "CORE2", "MPSC", "4KSTACKS", "aarch64", "riscv", "mprofile-kernel", "relocatable",
            "patchable-function-entry", "LOONGARCH", "64BIT", "32BIT");

    private ModinfoLint() {
    }

    static void check(LintContext c, List<PatchProblem> out) {
        ModInfo info = c.module.modInfo();
        if (!c.module.isLivepatch()) {
            out.add(new PatchProblem("modinfo-livepatch", Level.REFUSED, ".modinfo lacks livepatch=Y: the module loads, "
                    + "and its klp_enable_patch() call fails, so its init fails",
                    "livepatch: module " + c.moduleName() + " is not marked as a livepatch module"));
        }
        if (info.name().isEmpty()) {
            out.add(new PatchProblem("modinfo-name", Level.INFO, ".modinfo has no name=: the kernel takes the name from "
                    + ".gnu.linkonce.this_module ('" + c.moduleName() + "')", ""));
        }
        Optional<String> vermagic = info.vermagic();
        if (vermagic.isEmpty()) {
            out.add(new PatchProblem("modinfo-vermagic", Level.REFUSED, ".modinfo has no vermagic=: a kernel without "
                    + "CONFIG_MODULE_FORCE_LOAD (Debian's) refuses it (insmod: invalid module format)", ""));
        } else {
            String[] words = vermagic.get().trim().split(" +");
            for (int i = 1; i < words.length; i++) {
                String w = words[i];
                if (!VERMAGIC_WORDS.contains(w) && !w.startsWith("RANDSTRUCT_") && !w.startsWith("gcc-")) {
                    out.add(new PatchProblem("modinfo-vermagic", Level.REFUSED, "vermagic '" + vermagic.get() + "' has '" + w
                            + "', which no kernel's VERMAGIC_STRING contains: same_magic() fails on every kernel "
                            + "(insmod: invalid module format)",
                            c.moduleName() + ": version magic '" + vermagic.get() + "' should be '<the kernel's>'"));
                    break;
                }
            }
        }
        Optional<ModuleSignature> sig = c.image.signature();
        if (sig.isPresent()) {
            ModuleSignature s = sig.get();
            if (!s.isPkcs7()) {
                out.add(new PatchProblem("signature", Level.WARN, "the appended signature is not PKCS#7 (id_type " + s.idType()
                        + "): the kernel cannot verify it; it loads the module unsigned (tainted) unless signatures are "
                        + "enforced", "module: not signed with expected PKCS#7 message"));
            } else if (!s.zeroParams()) {
                out.add(new PatchProblem("signature", Level.REFUSED, "the appended signature's algo/hash/signer_len/key_id_len/"
                        + "padding are not all 0, as PKCS#7 signatures need: Bad message (-EBADMSG), fatal even when "
                        + "signatures are not enforced", "module: PKCS#7 signature info has unexpected non-zero params"));
            } else if (!s.derSequence()) {
                out.add(new PatchProblem("signature", Level.REFUSED, "the appended signature's " + s.signatureLength()
                        + "-byte blob is not one DER SEQUENCE: the kernel cannot parse the PKCS#7 message and refuses the "
                        + "module (-EBADMSG), even when signatures are not enforced", ""));
            }
        }
    }
}
