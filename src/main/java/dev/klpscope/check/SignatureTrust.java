package dev.klpscope.check;

import dev.klpscope.elf.BuiltinKeys;
import dev.klpscope.elf.Certificate;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.KeyId;
import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.elf.ModuleSignature;
import dev.klpscope.elf.Pkcs7Message;
import dev.klpscope.elf.Section;
import dev.klpscope.elf.Symbol;
import dev.klpscope.elf.Symbols;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.ObjectKind;

import java.util.List;
import java.util.Optional;

/**
 * {@code signature-trust}: the patch's signature against the keys built into the kernel a candidate stands for, as
 * {@code module_sig_check()} (kernel/module/signing.c) and {@code pkcs7_validate_trust()}
 * (crypto/asymmetric_keys/pkcs7_trust.c) judge it; the same in 6.1 and 6.12. Judged against a vmlinux candidate,
 * and for a module candidate against the vmlinux of its release given in the same run, where that file holds its
 * built-in certificate list ({@link BuiltinKeys}; the {@code -dbg} vmlinux does, a symbol-table extract does not).
 * Keys enrolled on a machine (MOK, UEFI db: the machine and platform keyrings) are not in any file: an unknown
 * signer is reported as the kernel treats it with built-in keys only.
 */
public final class SignatureTrust {

    private SignatureTrust() {
    }

    /** The finding for candidate {@code c} of the run ({@code all}), if its kernel's keys are known. */
    static Optional<Finding> of(dev.klpscope.livepatch.Livepatch patch, KernelObject c, List<KernelObject> all,
                                SignatureSettings settings) {
        if (c.kind() == ObjectKind.VMLINUX) {
            return judge(patch.module().image(), patch.name(), c, "this vmlinux", settings);
        }
        Optional<String> release = c.release();
        for (KernelObject k : all) {
            if (k.kind() == ObjectKind.VMLINUX && release.isPresent() && k.release().equals(release)) {
                return judge(patch.module().image(), patch.name(), k, "the vmlinux of its kernel (" + k.path() + ")", settings);
            }
        }
        return Optional.empty();
    }

    /**
     * What the kernel of {@code vmlinux} does with the signature of {@code module} (named {@code moduleName}, as the
     * kernel logs it); empty when the vmlinux does not check signatures ({@code CONFIG_MODULE_SIG} unset: no
     * {@code module_sig_check}) or does not hold its certificate list.
     */
    public static Optional<Finding> judge(ElfImage module, String moduleName, KernelObject vmlinux, String keysFrom,
                                          SignatureSettings settings) {
        if (vmlinux.symbols().anyDefined("module_sig_check").isEmpty()) {
            return Optional.empty();
        }
        BuiltinKeys keys = BuiltinKeys.of(vmlinux.image());
        if (!keys.available()) {
            return Optional.empty();
        }
        return judge(module, moduleName, keys, settings.enforcement(builtForced(vmlinux)), keysFrom);
    }

    /**
     * {@code module_sig_check()} with {@code keys} the built-in keyring: empty when the signature is malformed in a way
     * the patch's own lint reports ({@code signature}: -EBADMSG, fatal before any key is looked up).
     */
    public static Optional<Finding> judge(ElfImage module, String moduleName, BuiltinKeys keys, SignatureEnforcement how,
                                          String keysFrom) {
        Optional<ModuleSignature> sig = module.signature();
        if (sig.isEmpty()) {
            return untrusted("unsigned module", "no signature is appended (no \"~Module signature appended~\")", how,
                    keysFrom, moduleName);
        }
        if (!sig.get().isPkcs7()) {
            return untrusted("module with unsupported crypto", "its signature is not PKCS#7 (id_type " + sig.get().idType()
                    + ")", how, keysFrom, moduleName);
        }
        if (!sig.get().zeroParams() || !sig.get().derSequence()) {
            return Optional.empty();
        }
        Pkcs7Message message;
        try {
            message = module.signatureMessage().orElseThrow();
        } catch (MalformedInputException e) {
            return Optional.of(new Finding.SignatureNotJudged(e.problem()));
        }
        for (KeyId signer : message.signers()) {
            Optional<Certificate> key = keys.find(signer);
            if (key.isPresent()) {
                return Optional.of(new Finding.SignatureTrusted(key.get().description(), keysFrom));
            }
        }
        // certificates carried in the message: the kernel first looks each of the signer's chain up by its own ids
        for (Certificate carried : message.certificates()) {
            Optional<Certificate> key = keys.certificates().stream()
                    .filter(k -> k.matches(carried.id()) || (!carried.keyId().isEmpty() && k.keyId().equals(carried.keyId())))
                    .findFirst();
            if (key.isPresent()) {
                return Optional.of(new Finding.SignatureTrusted(key.get().description(), keysFrom));
            }
        }
        String signers = String.join("; ", message.signers().stream().map(KeyId::readable).toList());
        String held = keys.certificates().isEmpty() ? "no key at all"
                : String.join(", ", keys.certificates().stream().map(k -> "'" + k.description() + "'").toList());
        return untrusted("module with unavailable key", "signed by " + signers + ", which is not among the keys built into "
                + keysFrom + " (" + held + ")", how, keysFrom, moduleName);
    }

    private static Optional<Finding> untrusted(String reason, String detail, SignatureEnforcement how, String keysFrom,
                                               String moduleName) {
        return Optional.of(new Finding.SignatureUntrusted(reason, detail, how, keysFrom, moduleName));
    }

    /**
     * The build's {@code sig_enforce} (kernel/module/signing.c: {@code IS_ENABLED(CONFIG_MODULE_SIG_FORCE)}): the
     * {@code sig_enforce} that follows the {@code signing.c} FILE symbol (other units have statics of that name),
     * read from its section; in {@code .bss} it is 0. Unknown (no FILE symbols, contents stripped): not forced,
     * which is what Debian builds.
     */
    static boolean builtForced(KernelObject vmlinux) {
        boolean inSigning = false;
        Symbols all = vmlinux.image().symbols();
        for (int i = 0; i < all.size(); i++) { // names tested on the string table's bytes: 130 k entries
            if (all.type(i) == Symbol.STT_FILE) {
                inSigning = all.nameIs(i, "signing.c");
                continue;
            }
            if (!inSigning || !all.nameIs(i, "sig_enforce")) {
                continue;
            }
            Symbol s = all.get(i);
            if (s.size() == 1) {
                Optional<Section> sec = vmlinux.sectionOf(s);
                if (sec.isEmpty() || !sec.get().occupiesFile()) {
                    return false;
                }
                long offset = s.value() - sec.get().address();
                return offset >= 0 && offset < sec.get().size()
                        && vmlinux.image().data(sec.get()).u8(offset, "sig_enforce") != 0;
            }
        }
        return false;
    }
}
