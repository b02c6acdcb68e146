package dev.klpscope.module;

import dev.klpscope.elf.Symbol;

import java.util.List;
import java.util.Optional;

/**
 * Where a kernel object's symbols come from, and so what can be judged of it: the ELF file itself (its
 * {@code .symtab}, sections and bytes), or, for a vmlinux, only a {@code System.map} (addresses, names and
 * {@code nm} type letters in kallsyms order) with, when found, a {@code Module.symvers} for its exports.
 */
public sealed interface SymbolSource {

    /** The object's own ELF symbol table: everything klpscope judges can be judged (as far as the file holds it). */
    SymbolSource ELF = new Elf();

    /** The checks this source cannot make, by check id ({@code docs/checks.md}); empty for an ELF file. */
    List<String> notJudged();

    /** What the source lacks, for "not judged: ..." lines; empty for an ELF file. */
    String lacks();

    /** One line for reports: where the symbols come from. */
    String describe();

    /** The release the source's own name says ({@code System.map-RELEASE}), if any. */
    default Optional<String> release() {
        return Optional.empty();
    }

    /** Where a symbol is, when the object has no section table ({@code System.map}: its type letter). */
    default Optional<String> placeOf(Symbol s) {
        return Optional.empty();
    }

    /** The same source, for a file reported as {@code where} (a package's member, not its cache copy). */
    default SymbolSource reportedAs(String where) {
        return this;
    }

    /** True when exports, their CRCs, GPL-only marks and namespaces are known. */
    default boolean knowsExports() {
        return true;
    }

    /** An ELF file. */
    record Elf() implements SymbolSource {
        @Override
        public List<String> notJudged() {
            return List.of();
        }

        @Override
        public String lacks() {
            return "";
        }

        @Override
        public String describe() {
            return "ELF symbol table";
        }
    }

    /**
     * A {@code System.map} (as {@code scripts/mksysmap} writes it: {@code nm -n vmlinux} without absolute, debug and
     * undefined entries), with the {@code Module.symvers} / {@code symvers-RELEASE.gz} of the same build when one is
     * found: that gives exports with their CRCs, GPL-only marks and namespaces; without it the import checks are
     * not made either.
     *
     * @param map     the map file as given
     * @param symvers the symvers file, if one was found
     * @param release the release the map's file name or build folder says
     * @param letters each map symbol's {@code nm} type letter, indexed by {@link Symbol#index()}
     */
    record SystemMap(String map, Optional<String> symvers, Optional<String> release, String letters)
            implements SymbolSource {

        /**
         * Needs sizes, sections, code, compilation units, ftrace records, BTF, the ELF header, the banner or the
         * built-in certificate list ({@code signature-trust}).
         */
        static final List<String> WITHOUT_ELF = List.of("machine-match", "vermagic", "build-id", "signature-trust", "sympos-identity",
                "var-size-section", "var-layout", "func-prototype", "patched-func-changed", "ftrace-location",
                "clone-siblings", "alias");
        /** Needs the exports and their CRCs ({@code __ksymtab*}, {@code __kcrctab*}), which Module.symvers gives. */
        static final List<String> WITHOUT_SYMVERS = List.of("import-export", "import-gpl", "import-namespace",
                "crc-match", "module-layout");

        @Override
        public List<String> notJudged() {
            if (symvers.isPresent()) {
                return WITHOUT_ELF;
            }
            List<String> all = new java.util.ArrayList<>(WITHOUT_ELF);
            all.addAll(WITHOUT_SYMVERS);
            return List.copyOf(all);
        }

        @Override
        public String lacks() {
            return "System.map has no sizes, sections, code, compilation units, ftrace records, BTF, banner or built-in keys"
                    + (symvers.isPresent() ? "" : ", and no Module.symvers was found for its exports and CRCs");
        }

        @Override
        public String describe() {
            return "System.map " + map + symvers.map(s -> " + " + s).orElse("");
        }

        @Override
        public boolean knowsExports() {
            return symvers.isPresent();
        }

        /** Named as reported; the symvers by its file name, since it lies beside a cache copy too. */
        @Override
        public SymbolSource reportedAs(String where) {
            // a package's lib/modules/R/System.map: its copy's path says no release, the member's does
            return new SystemMap(where, symvers.map(s -> "its build's " + java.nio.file.Path.of(s).getFileName()),
                    release.or(() -> SystemMapReader.releaseOf(java.nio.file.Path.of(where))), letters);
        }

        @Override
        public String toString() {
            return describe(); // not the letters of 160 k symbols
        }

        @Override
        public Optional<String> placeOf(Symbol s) {
            if (s.index() <= 0 || s.index() >= letters.length()) {
                return Optional.empty();
            }
            char c = letters.charAt(s.index());
            return Optional.of("System.map '" + c + "' (" + SystemMapLetters.place(c) + ")");
        }
    }
}
