package dev.klpscope.livepatch;

import java.util.OptionalLong;

/**
 * A function the livepatch replaces ({@code klp_func}): looked up by {@code oldName}/{@code oldSympos} in
 * {@code object} with the same rules as klp relocations, then redirected to {@code newFunction}.
 *
 * @param oldSize the size of the original function when the builder recorded it (kpatch {@code old_size})
 * @param source  where the list came from: {@code klp_patch structures}, {@code .kpatch.funcs}, {@code .init.klp_funcs}
 */
public record PatchedFunction(String object, String oldName, long oldSympos, String newFunction, OptionalLong oldSize,
                              String source) {
}
