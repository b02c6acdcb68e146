/**
 * Candidates from what users have: kernel packages ({@code .deb}, {@code .ddeb}, {@code .rpm}), installed trees
 * ({@code /lib/modules/RELEASE}, {@code /boot}, {@code /usr/lib/debug}), kernel build folders and folders holding
 * any mix of them, turned into one {@link dev.klpscope.kernels.FoundRelease} per kernel release holding the objects
 * a patch names. {@link dev.klpscope.kernels.KernelBuilds#find} is the one entry point.
 *
 * <p>Commons Compress (ar, tar, cpio, and the xz/zstd/gzip streams around them) is used only inside this package,
 * as jelf is only inside {@code elf}. Archives are streamed: only the members a patch names are copied out, into
 * the {@link dev.klpscope.kernels.ObjectCache}, never anywhere else.
 */
package dev.klpscope.kernels;
