package dev.klpscope.module;

import java.util.List;
import java.util.Set;

/**
 * Names kallsyms never holds, whatever their section: its input is {@code scripts/mksysmap}'s output
 * ({@code link-vmlinux.sh} of 6.1 and 6.12 runs {@code scripts/kallsyms} over the {@code .syms} that mksysmap wrote
 * for the temporary vmlinux, so the kernel's table is System.map less what {@code scripts/kallsyms} ignores itself).
 * Both counts of a vmlinux's same-named symbols apply these: the ELF {@code .symtab} holds them (6.12's has hundreds
 * of {@code .LC0}..{@code .LCn} labels), a System.map made by mksysmap does not.
 */
final class KallsymsNames {

    private KallsymsNames() {
    }

    /** 6.1 {@code scripts/mksysmap} ({@code grep -v}) and 6.12's ({@code sed}): names starting with these. */
    private static final List<String> PREFIXES = List.of("$", ".L", "__efistub_", "__pi_$", "__pi_.L", "__kvm_nvhe_$",
            "__kvm_nvhe_.L", "__kcfi_typeid_", "__kvm_nvhe___kcfi_typeid_", "__pi___kcfi_typeid_", "__crc_",
            "__kstrtab_", "__kstrtabns_");
    private static final List<String> SUFFIXES = List.of("_from_arm", "_from_thumb", "_veneer");
    private static final List<String> CONTAINED = List.of(".long_branch.", ".plt_branch.");
    /** mksysmap's {@code L0}, {@code _SDA*_BASE_}; 6.1 {@code scripts/kallsyms}' {@code ignored_symbols}. */
    private static final Set<String> NAMES = Set.of("L0", "_SDA_BASE_", "_SDA2_BASE_", "kallsyms_addresses",
            "kallsyms_offsets", "kallsyms_relative_base", "kallsyms_num_syms", "kallsyms_names", "kallsyms_markers",
            "kallsyms_token_table", "kallsyms_token_index", "kallsyms_seqs_of_names");

    static boolean dropped(String name) {
        if (NAMES.contains(name)) {
            return true;
        }
        for (String p : PREFIXES) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        for (String s : SUFFIXES) {
            if (name.endsWith(s)) {
                return true;
            }
        }
        for (String c : CONTAINED) {
            if (name.contains(c)) {
                return true;
            }
        }
        // mksysmap's "__[[:alnum:]]*Thunk_" (arm64/mips lld thunks)
        return name.startsWith("__") && name.contains("Thunk_") && THUNK.matcher(name).lookingAt();
    }

    private static final java.util.regex.Pattern THUNK = java.util.regex.Pattern.compile("__[A-Za-z0-9]*Thunk_");
}
