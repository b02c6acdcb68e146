package dev.klpscope.livepatch;

/**
 * One {@code klp_object} of the patch: the object (a module's runtime name, or {@code vmlinux} for a NULL name),
 * how many functions it replaces, and its callbacks. An object with callbacks and no functions is still an object
 * of the patch: the livepatch core runs its callbacks when that object is (or becomes) loaded.
 */
public record PatchObject(String name, int functionCount, Callbacks callbacks) {
}
