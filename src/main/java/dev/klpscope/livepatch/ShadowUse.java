package dev.klpscope.livepatch;

import java.util.OptionalLong;

/**
 * A call the patch makes to the shadow-variable API ({@code klp_shadow_alloc/get/get_or_alloc/free/free_all},
 * kernel/livepatch/shadow.c): shadow variables are keyed by (object, id), so a later patch that uses an id with
 * another layout, or frees it, shares state with this one.
 *
 * @param call     the API function called
 * @param function the patch function making the call
 * @param offset   offset of the call instruction in {@code section}
 * @param id       the id argument, when it is a constant loaded before the call
 * @param why      why no id is given ("id not constant: …", "id not decoded on …"); empty when {@code id} is present
 */
public record ShadowUse(String call, String function, String section, long offset, OptionalLong id, String why) {

    /** The id as the kernel's samples write it ({@code 0x1234}), or the reason there is none. */
    public String idText() {
        return id.isPresent() ? "0x" + Long.toHexString(id.getAsLong()) : why;
    }
}
