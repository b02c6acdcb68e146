package dev.klpscope.check;

import dev.klpscope.livepatch.Livepatch;
import dev.klpscope.module.KernelObject;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Ordinary imports of the patch that a candidate exports ({@code crc-match}): the module loader checks the CRC
 * the patch was built with ({@code __versions}) against the exporter's, and refuses the patch on a mismatch.
 */
final class ImportChecks {

    private ImportChecks() {
    }

    static Verdict verdict(Livepatch patch, Livepatch.Import imported, KernelObject candidate) {
        List<Finding> findings = new ArrayList<>();
        String name = imported.name();
        if (!candidate.versions().exportsSymbol(name)) {
            findings.add(new Finding.SymbolMissing(name, candidate.name(), List.of(), LoadOrder.ANY,
                    String.format("%s: Unknown symbol %s (err -2)", patch.name(), name)));
        } else {
            OptionalLong want = patch.module().versions().importedCrc(name);
            OptionalLong have = candidate.versions().exportedCrc(name);
            if (candidate.kind() == dev.klpscope.module.ObjectKind.MODULE && patch.objects().contains(candidate.name())) {
                findings.add(new Finding.ImportFromPatchedObject(name, candidate.name(), patch.name()));
            }
            if (want.isPresent() && have.isPresent() && want.getAsLong() != have.getAsLong()) {
                findings.add(new Finding.CrcMismatch(name, want.getAsLong(), have.getAsLong(), candidate.name(), patch.name()));
            } else {
                candidate.symbols().anyDefined(name).ifPresent(s -> findings.add(new Finding.Resolves(name, candidate.name(), 1, 1,
                        s.typeName(), s.size(), Resolutions.sectionName(candidate, s),
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
}
