package dev.klpscope.elf;

/**
 * One relocation entry ({@code Elf64_Rela}/{@code Elf64_Rel}): where in the target section it writes,
 * the machine's relocation type, the symbol-table index it refers to, and the addend (0 for REL).
 */
public record Relocation(long offset, int type, int symbolIndex, long addend) {
}
