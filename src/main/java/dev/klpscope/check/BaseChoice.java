package dev.klpscope.check;

import dev.klpscope.module.KernelObject;
import dev.klpscope.module.ObjectKind;
import dev.klpscope.module.types.BtfBase;
import dev.klpscope.module.types.BtfFiles;

import java.util.List;
import java.util.Optional;

/**
 * The base a module's split {@code .BTF} is read on: the vmlinux candidate of its release carrying {@code .BTF}, else
 * a base given of its release ({@link BtfBase}), else the one base given of no known release (a raw BTF file, which
 * names none); a base of another release is never used (the module's type ids and string offsets continue those of
 * its own vmlinux, kernel/bpf/btf.c {@code btf_parse_module}), and said.
 */
sealed interface BaseChoice {

    /** A vmlinux candidate of the module's release. */
    record Candidate(KernelObject vmlinux) implements BaseChoice {
    }

    /** A base given or found, of the module's release or of none known. */
    record Given(BtfBase base) implements BaseChoice {
    }

    /** Only bases of other releases were given: none is used. */
    record OtherRelease(List<BtfBase> bases) implements BaseChoice {

        /** "FILE (--btf-base) is of 6.1.0-57-amd64, not RELEASE". */
        String why(Optional<String> module) {
            return String.join(", ", bases.stream().map(b -> b.described() + " is of " + b.release().orElseThrow()).toList())
                    + ", not " + module.orElse("its release");
        }
    }

    /** Nothing to read it on. */
    record None() implements BaseChoice {
    }

    static BaseChoice of(KernelObject module, List<KernelObject> candidates, List<BtfBase> given) {
        Optional<String> release = module.release();
        if (release.isPresent()) {
            Optional<KernelObject> vmlinux = candidates.stream().filter(c -> c.kind() == ObjectKind.VMLINUX
                    && c.release().equals(release) && BtfFiles.has(c.image())).findFirst();
            if (vmlinux.isPresent()) {
                return new Candidate(vmlinux.get());
            }
            Optional<BtfBase> same = given.stream().filter(b -> b.release().equals(release)).findFirst();
            if (same.isPresent()) {
                return new Given(same.get());
            }
        }
        List<BtfBase> unknown = given.stream().filter(b -> b.release().isEmpty() || release.isEmpty()).toList();
        if (unknown.size() == 1) {
            return new Given(unknown.get(0));
        }
        List<BtfBase> other = given.stream().filter(b -> b.release().isPresent() && release.isPresent()).toList();
        return unknown.isEmpty() && !other.isEmpty() ? new OtherRelease(other) : new None();
    }
}
