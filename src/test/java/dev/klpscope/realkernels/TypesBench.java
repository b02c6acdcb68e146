package dev.klpscope.realkernels;

import dev.klpscope.DerivedInputs;
import dev.klpscope.check.Inspection;
import dev.klpscope.load.Loading;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What BTF and DWARF cost a {@code check} against Debian's vmlinux (scripts/bench-types.sh, docs/performance.md):
 * the same check of a patch derived from the vmlinux sample's (its {@code core_pattern} klp symbol renamed to
 * {@code platform_bus}, a variable only DWARF types, or to {@code rcu_data}, a per-CPU one BTF has a {@code VAR} for)
 * against two builds, each given three ways: without {@code .BTF} and {@code .debug_*} (no types), without
 * {@code .debug_*} (BTF only), and the {@code -dbg} vmlinux as shipped (BTF and DWARF). In one JVM, one run of each
 * first (not counted), then {@code RUNS} runs each; wall time (minimum, median) and process CPU time (median), the
 * ratio on CPU time.
 *
 * <p>Arguments: the patch (vmlinux_lp.ko), then for each of the three ways the old and the new vmlinux.
 */
public final class TypesBench {

    static final int RUNS = Integer.getInteger("bench.runs", 5);
    /** Process CPU time (every thread of the check): on a shared machine wall time mostly measures the others. */
    static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private TypesBench() {
    }

    public static void main(String[] args) throws Exception {
        Path sample = Path.of(args[0]);
        String[] ways = {"no types", "BTF only", "BTF and DWARF (-dbg)"};
        Path dir = Files.createTempDirectory("types-bench");
        List<String> rows = new ArrayList<>();
        for (String variable : List.of("platform_bus", "rcu_data")) {
            Path patch = Files.write(dir.resolve(variable + "_lp.ko"), DerivedInputs.renamed(Files.readAllBytes(sample),
                    ".klp.sym.vmlinux.core_pattern,0", ".klp.sym.vmlinux." + variable + ",0"));
            double none = 0;
            for (int w = 0; w < ways.length; w++) {
                Path old = Path.of(args[1 + 2 * w]);
                Path now = Path.of(args[2 + 2 * w]);
                String finding = layoutFinding(Loading.inspect(patch, List.of(old, now), List.of(old)), variable, now);
                long[] ms = new long[RUNS];
                long[] cpu = new long[RUNS];
                for (int r = 0; r < RUNS; r++) {
                    long t = System.nanoTime();
                    long c = CPU.getProcessCpuTime();
                    Loading.inspect(patch, List.of(old, now), List.of(old));
                    ms[r] = (System.nanoTime() - t) / 1_000_000;
                    cpu[r] = (CPU.getProcessCpuTime() - c) / 1_000_000;
                }
                Arrays.sort(ms);
                Arrays.sort(cpu);
                double median = cpu[RUNS / 2];
                none = w == 0 ? median : none;
                rows.add(String.format("| `%s` | %s | %d | %d | %.0f | %.2f× | %s |", variable, ways[w], ms[0], ms[RUNS / 2],
                        median, median / none, finding));
            }
        }
        System.out.println("| variable | vmlinux given | wall min ms | wall median ms | CPU median ms | CPU vs no types | var-layout on the newer |");
        System.out.println("|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static String layoutFinding(Inspection in, String variable, Path candidate) {
        return in.targets().stream().filter(t -> t.symbol().equals(variable)).findFirst()
                .flatMap(t -> t.verdictFor(candidate.toString()))
                .flatMap(v -> v.findings().stream().filter(f -> f.check().equals("var-layout")).findFirst())
                .map(f -> f.severity().word() + ": " + shorten(f.message()))
                .orElse("none");
    }

    private static String shorten(String message) {
        int colon = message.lastIndexOf("): ");
        return colon < 0 ? message : message.substring(colon + 3);
    }
}
