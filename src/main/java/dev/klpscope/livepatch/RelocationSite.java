package dev.klpscope.livepatch;

/**
 * One place in the livepatch that the kernel writes a target's address into.
 *
 * @param relocationSection the {@code .klp.rela.*} (or ordinary {@code .rela.*}) section holding the entry
 * @param section           the section written to ({@code sh_info})
 * @param function          the patch function containing {@code offset}, or empty when none does
 * @param access            what the code there does with the target ({@link SiteAccesses})
 */
public record RelocationSite(String relocationSection, String section, long offset, int type, String typeName,
                             long addend, String function, SiteAccess access) {

    /** A call or jump: what the name binds to is executed. */
    public boolean call() {
        return access == SiteAccess.CALL;
    }
}
