package dev.klpscope.kernels;

import java.nio.file.Path;

/** Where an object of a kernel build was found: the source the user named, and what kind of source it is. */
public sealed interface Origin {

    /** The package file or folder as given (or found inside a folder given). */
    Path path();

    /** A word for reports: {@code deb}, {@code rpm}, {@code installed tree}, {@code build folder}, {@code files}. */
    String kind();

    /** A Debian or Ubuntu package ({@code .deb}, {@code .ddeb}): an ar archive holding {@code data.tar.*}. */
    record DebPackage(Path path) implements Origin {
        public String kind() {
            return "deb";
        }
    }

    /** An RPM package: lead, signature and main header, then a compressed cpio payload. */
    record RpmPackage(Path path) implements Origin {
        public String kind() {
            return "rpm";
        }
    }

    /** A folder laid out as an installed system: {@code lib/modules/RELEASE}, {@code boot}, {@code usr/lib/debug}. */
    record InstalledTree(Path path) implements Origin {
        public String kind() {
            return "installed tree";
        }
    }

    /** A kernel build folder: {@code vmlinux}, {@code include/config/kernel.release} and the built modules. */
    record BuildFolder(Path path) implements Origin {
        public String kind() {
            return "build folder";
        }
    }

    /** Objects given as files, or found in a folder with no layout: their release is their own vermagic or banner. */
    record LooseFiles(Path path) implements Origin {
        public String kind() {
            return "files";
        }
    }
}
