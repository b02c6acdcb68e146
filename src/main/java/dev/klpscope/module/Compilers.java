package dev.klpscope.module;

import dev.klpscope.elf.ByteReader;
import dev.klpscope.elf.Section;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The compiler an object was built with, as kpatch-build reads it: the first compiler line of {@code .comment}
 * ({@code readelf -p .comment FILE | grep -m 1 -o 'GCC:.*'}, kpatch-build's {@code gcc_version_from_file()};
 * clang's {@code clang version [0-9.]+}, as its {@code clang_version_from_file()}), or for a vmlinux whose file holds no {@code .comment} bytes, the compiler
 * {@code linux_banner} names ({@code LINUX_COMPILER}, init/version.c: {@code $CC --version | head -1}).
 * Both are given in one form, {@code gcc (Debian 12.2.0-14+deb12u1) 12.2.0}: gcc writes its version string after
 * {@code "GCC: "} in {@code .comment}, and the banner puts the program's name ({@code gcc-12},
 * {@code x86_64-linux-gnu-gcc-12}) before the same string.
 */
public final class Compilers {

    private Compilers() {
    }

    /** Where an object's compiler was read, and what it says. */
    public record Compiler(String ident, String source) {
    }

    /** The object's compiler, or empty when its file says nothing (no {@code .comment} bytes and no banner). */
    public static Optional<Compiler> of(KernelObject object) {
        Optional<Compiler> comment = object.image().section(".comment").filter(Section::occupiesFile)
                .flatMap(s -> firstCompiler(object.image().data(s))).map(c -> new Compiler(c, ".comment"));
        return comment.or(() -> object.banner().flatMap(Compilers::fromBanner).map(c -> new Compiler(c, "linux_banner")));
    }

    /** The first compiler line among the NUL-separated strings of a {@code .comment} section. */
    static Optional<String> firstCompiler(ByteReader comment) {
        long at = 0;
        while (at < comment.length()) {
            String s = comment.cStringOrNull(at, comment.length());
            if (s == null) {
                return Optional.empty();
            }
            at += s.length() + 1;
            Optional<String> c = fromComment(s);
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }

    static Optional<String> fromComment(String line) {
        int gcc = line.indexOf("GCC: ");
        if (gcc >= 0) {
            return Optional.of("gcc " + line.substring(gcc + 5).trim());
        }
        Matcher clang = CLANG.matcher(line);
        return clang.find() ? Optional.of(clang.group().trim()) : Optional.empty();
    }

    /** {@code Linux version R (BUILDER) (COMPILER, LINKER) #...}: the compiler's version string. */
    static Optional<String> fromBanner(String banner) {
        Matcher m = BANNER_GCC.matcher(banner);
        if (m.find()) {
            return Optional.of("gcc " + m.group(1).trim());
        }
        Matcher clang = CLANG.matcher(banner);
        return clang.find() ? Optional.of(clang.group().trim()) : Optional.empty();
    }

    private static final Pattern BANNER_GCC = Pattern.compile("\\(\\S*gcc\\S* (\\([^()]*\\) [^,()]+),");
    private static final Pattern CLANG = Pattern.compile("clang version [0-9][0-9.]*");
}
