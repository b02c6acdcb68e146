package dev.klpscope.check;

/**
 * A relocation site of a target in the patch: the section written to, the offset, the relocation type's name,
 * the addend, the patch function that contains it (empty when none) and the relocation section holding it.
 */
public record Site(String section, long offset, String type, long addend, String function, String relocationSection) {
}
