package dev.klpscope.livepatch;

/**
 * One entry of {@code klp_patch.states} ({@code struct klp_state { unsigned long id; unsigned int version; void *data; }},
 * include/linux/livepatch.h): with atomic replace, the kernel refuses a patch that drops a state an enabled patch
 * has or lowers its version ({@code klp_is_patch_compatible}, kernel/livepatch/state.c).
 */
public record PatchState(long id, long version) {
}
