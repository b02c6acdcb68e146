package dev.klpscope.livepatch.lint;

import dev.klpscope.elf.ByteReader;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelVersion;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Whose loader the lint models for a livepatch: one of the kernels whose sources the rules were read from (6.1, 6.12
 * and 7.3, Debian's builds; see docs/checks.md), chosen from the release the patch's vermagic names, since that is the
 * only kernel that loads it. A release between two modelled ones gets the older one's rules (changes are known only
 * at the modelled points); one before 6.1, or no vermagic at all, gets 6.1's.
 */
public record KernelRules(KernelVersion modelled, Optional<KernelVersion> builtFor, String source) {

    public static final List<KernelVersion> MODELLED = List.of(KernelVersion.of(6, 1), KernelVersion.of(6, 12),
            KernelVersion.of(7, 3));

    public static KernelRules of(KernelObject module) {
        Optional<KernelVersion> v = module.vermagic().flatMap(KernelVersion::fromVermagic);
        if (v.isPresent()) {
            return of(v, "vermagic");
        }
        // .modinfo may be what is broken (a section name out of range, say): modpost's string is still in the file
        return of(strayVermagic(module.image().reader()), "a vermagic= string outside .modinfo");
    }

    /** The loader a user chose (--loader) for a kernel whose vermagic says too little, e.g. a vendor's backports. */
    public static KernelRules chosen(KernelVersion loader) {
        return of(Optional.of(loader), "chosen with --loader");
    }

    public static KernelRules of(Optional<KernelVersion> builtFor) {
        return of(builtFor, "vermagic");
    }

    private static KernelRules of(Optional<KernelVersion> builtFor, String source) {
        KernelVersion chosen = MODELLED.get(0);
        for (KernelVersion v : MODELLED) {
            if (builtFor.isPresent() && builtFor.get().compareTo(v) >= 0) {
                chosen = v;
            }
        }
        return new KernelRules(chosen, builtFor, source);
    }

    /** Only small files are scanned: a livepatch is a few KB to a few MB; vmlinux never gets here. */
    private static final long SCAN_LIMIT = 64L << 20;
    private static final byte[] VERMAGIC = "vermagic=".getBytes(StandardCharsets.US_ASCII);

    private static Optional<KernelVersion> strayVermagic(ByteReader data) {
        if (data.length() > SCAN_LIMIT) {
            return Optional.empty();
        }
        byte[] all = data.bytes(0, (int) data.length(), "file");
        outer:
        for (int i = 0; i + VERMAGIC.length < all.length; i++) {
            for (int j = 0; j < VERMAGIC.length; j++) {
                if (all[i + j] != VERMAGIC[j]) {
                    continue outer;
                }
            }
            int end = i + VERMAGIC.length;
            while (end < all.length && end - i < 200 && all[end] != 0) {
                end++;
            }
            return KernelVersion.fromVermagic(new String(all, i + VERMAGIC.length, end - i - VERMAGIC.length,
                    StandardCharsets.US_ASCII));
        }
        return Optional.empty();
    }

    public boolean atLeast(int major, int minor) {
        return modelled.atLeast(major, minor);
    }

    /** One line for reports: which rules, and why those. */
    public String describe() {
        if (builtFor.isEmpty()) {
            return "Linux " + modelled + " (no kernel release in vermagic; the oldest modelled loader assumed)";
        }
        KernelVersion v = builtFor.get();
        if (v.equals(modelled)) {
            return "Linux " + modelled + " (" + source + ")";
        }
        return "Linux " + modelled + ", the closest modelled loader for " + v + " (" + source + ")"
                + (v.compareTo(modelled) < 0 ? "; older loaders are not modelled" : "");
    }
}
