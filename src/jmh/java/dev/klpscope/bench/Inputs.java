package dev.klpscope.bench;

import dev.klpscope.elf.Symbol;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelObjectReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Where the benchmark inputs are: Debian's files in {@code -Dklpscope.bench.dir} (default
 * {@code /var/cache/klpscope/bench}, filled by {@code scripts/bench-fetch.sh}) and the repository's sample
 * livepatches in {@code -Dklpscope.samples} (default {@code samples}).
 */
final class Inputs {

    private Inputs() {
    }

    static Path dir() {
        return Path.of(System.getProperty("klpscope.bench.dir", "/var/cache/klpscope/bench"));
    }

    static Path samples() {
        return Path.of(System.getProperty("klpscope.samples", "samples"));
    }

    /** {@code vmlinux}, {@code amdgpu}, {@code amdgpu-dbg}: the big candidates. */
    static Path file(String name) {
        Path p = switch (name) {
            case "vmlinux" -> dir().resolve("vmlinux");
            case "amdgpu" -> dir().resolve("amdgpu.ko");
            case "amdgpu-dbg" -> dir().resolve("amdgpu-dbg.ko");
            default -> throw new IllegalArgumentException(name);
        };
        return require(p);
    }

    /** sch_codel.ko of every ABI 6.1.0-47 … 57 (11 candidates). */
    static List<Path> abi() {
        List<Path> out = IntStream.rangeClosed(47, 57).mapToObj(n -> dir().resolve("abi/" + n + "/sch_codel.ko")).toList();
        out.forEach(Inputs::require);
        return out;
    }

    static Path vmlinuxPatch() {
        return require(samples().resolve("vmlinux/vmlinux_lp.ko"));
    }

    static Path codelPatch() {
        return require(samples().resolve("debian/debian_lp.ko"));
    }

    static Path require(Path p) {
        if (!Files.exists(p)) {
            throw new IllegalStateException(p + " is missing: run scripts/bench-fetch.sh (or set -Dklpscope.bench.dir)");
        }
        return p;
    }

    /**
     * The names a patch against {@code o} would ask for: {@code n} defined functions spread evenly over the
     * symbol table (sorted by name so the choice is the same in every build), as a livepatch's klp references
     * and replaced functions are.
     */
    static List<String> spreadFunctionNames(KernelObject o, int n) {
        List<String> names = new ArrayList<>();
        for (Symbol s : o.symbols().all()) {
            if (s.isFunction() && !s.isUndefined() && !s.name().isEmpty()) {
                names.add(s.name());
            }
        }
        names.sort(Comparator.naturalOrder());
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n && !names.isEmpty(); i++) {
            out.add(names.get((int) ((long) i * names.size() / n)));
        }
        return out;
    }

    static KernelObject read(String name) {
        return KernelObjectReader.read(file(name));
    }
}
