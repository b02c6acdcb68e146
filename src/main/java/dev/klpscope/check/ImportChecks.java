package dev.klpscope.check;

import dev.klpscope.elf.Symbol;
import dev.klpscope.livepatch.Livepatch;
import dev.klpscope.module.KernelObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Ordinary imports of the patch against a candidate's exports: gone ({@code import-export}, "Unknown symbol"), or
 * exported with another CRC than the patch was built with ({@code crc-match}, modversions' {@code __versions}),
 * GPL-only for a non-GPL patch ({@code import-gpl}), or in a namespace the patch does not import
 * ({@code import-namespace}); the order is {@code resolve_symbol()}'s, kernel/module/main.c.
 */
final class ImportChecks {

    private ImportChecks() {
    }

    static Verdict verdict(Livepatch patch, Livepatch.Import imported, KernelObject candidate) {
        List<Finding> findings = new ArrayList<>();
        String name = imported.name();
        if (!candidate.versions().exportsSymbol(name)) {
            findings.add(isWeak(patch, name) ? new Finding.WeakImportUnexported(name, candidate.name())
                    : new Finding.ImportNotExported(name, candidate.name(), patch.name()));
        } else if (candidate.versions().isGplOnly(name).orElse(false) && !gplCompatible(license(patch))) {
            findings.add(new Finding.ImportGplOnly(name, candidate.name(), license(patch), patch.name()));
        } else {
            OptionalLong want = patch.module().versions().importedCrc(name);
            OptionalLong have = candidate.versions().exportedCrc(name);
            if (candidate.kind() == dev.klpscope.module.ObjectKind.MODULE && patch.objects().contains(candidate.name())) {
                findings.add(new Finding.ImportFromPatchedObject(name, candidate.name(), patch.name()));
            }
            Optional<String> namespace = candidate.versions().exportNamespace(name);
            if (want.isPresent() && have.isPresent() && want.getAsLong() != have.getAsLong()) {
                findings.add(new Finding.CrcMismatch(name, want.getAsLong(), have.getAsLong(), candidate.name(), patch.name()));
            } else if (namespace.isPresent() && !patch.module().modInfo().entries().getOrDefault("import_ns", List.of()).contains(namespace.get())) {
                // resolve_symbol() checks the CRC first, then the namespace
                findings.add(new Finding.ImportNamespace(name, namespace.get(), candidate.name(), patch.name()));
            } else {
                candidate.symbols().anyDefined(name).ifPresent(s -> findings.add(new Finding.Resolves(name, candidate.name(), 1, 1,
                        s.typeName(), Resolutions.sizeOf(candidate, s), Resolutions.sectionName(candidate, s),
                        want.isPresent() && have.isPresent() ? String.format("(export, CRC 0x%08x matches)", have.getAsLong())
                                : "(export)", LoadOrder.ANY)));
            }
        }
        if (findings.isEmpty()) {
            findings.add(new Finding.Resolves(name, candidate.name(), 1, 1, "export", 0, "__ksymtab", "", LoadOrder.ANY));
        }
        return Verdict.of(candidate.path(), findings, CandidateSymbols.of(candidate, name,
                candidate.symbols().anyDefined(name).orElse(null)));
    }

    /** {@code simplify_symbols()}: a weak undefined symbol that nothing exports is left 0, not refused. */
    static boolean isWeak(Livepatch patch, String name) {
        return patch.module().symbols().all().stream()
                .anyMatch(s -> s.isUndefined() && s.name().equals(name) && s.binding() == Symbol.STB_WEAK);
    }

    /** {@code set_license()}: a module without {@code license=} is "unspecified". */
    private static String license(Livepatch patch) {
        return patch.module().modInfo().first("license").orElse("unspecified");
    }

    /** {@code license_is_gpl_compatible()}, include/linux/license.h (6.1 and 6.12). */
    static boolean gplCompatible(String license) {
        return GPL_COMPATIBLE.contains(license);
    }

    private static final Set<String> GPL_COMPATIBLE = Set.of("GPL", "GPL v2",
            "GPL and additional rights", "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL");
}
