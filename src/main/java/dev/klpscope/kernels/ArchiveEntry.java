package dev.klpscope.kernels;

/**
 * One member of a package's file archive (tar in a {@code .deb}, cpio in an {@code .rpm}), as the archive names it.
 *
 * @param name       the member's path, as written in the archive (not yet checked)
 * @param size       the size the archive declares for its contents
 * @param type       file, directory, link or anything else
 * @param linkTarget where a link points, as written ({@code ""} for anything but a link)
 */
record ArchiveEntry(String name, long size, Type type, String linkTarget) {

    enum Type { FILE, DIRECTORY, LINK, OTHER }
}
