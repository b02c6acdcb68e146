package dev.klpscope.livepatch;

/**
 * A {@code .klp.rela.*} section as the kernel sees it.
 *
 * @param object            the object name the kernel parses from the section name
 * @param targetSection     the section named by {@code sh_info} (authoritative), or empty when out of range
 * @param displayedSection  the section named in the section's own name, for comparison
 * @param livepatchFlag     whether {@code SHF_RELA_LIVEPATCH} is set (without it the kernel ignores the section)
 */
public record KlpSection(int index, String name, String object, String targetSection, String displayedSection,
                         long flags, boolean livepatchFlag, int relocationCount) {
}
