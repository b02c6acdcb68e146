package dev.klpscope.realkernels;

import dev.klpscope.DerivedInputs;
import dev.klpscope.check.Inspection;
import dev.klpscope.load.Loading;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What BTF and DWARF cost a {@code check} against Debian's vmlinux (scripts/bench-types.sh, docs/performance.md):
 * the same check of a patch derived from the vmlinux sample's (its {@code core_pattern} klp symbol renamed to
 * {@code platform_bus}, a variable only DWARF types, or to {@code rcu_data}, a per-CPU one BTF has a {@code VAR} for)
 * against two builds, each given three ways: without {@code .BTF} and {@code .debug_*} (no types), without
 * {@code .debug_*} (BTF only), and the {@code -dbg} vmlinux as shipped (BTF and DWARF). In one JVM, one run of every
 * way first (not counted: the JIT compiles the code all of them share), then {@code RUNS} rounds of one run of each,
 * interleaved; wall time (minimum, median) and process CPU time (median), the ratio on CPU time.
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
        List<String> variables = List.of("platform_bus", "rcu_data");
        Path dir = Files.createTempDirectory("types-bench");
        Path[] patches = new Path[variables.size()];
        String[][] findings = new String[variables.size()][ways.length];
        for (int v = 0; v < variables.size(); v++) {
            String variable = variables.get(v);
            patches[v] = Files.write(dir.resolve(variable + "_lp.ko"), DerivedInputs.renamed(Files.readAllBytes(sample),
                    ".klp.sym.vmlinux.core_pattern,0", ".klp.sym.vmlinux." + variable + ",0"));
            for (int w = 0; w < ways.length; w++) { // every way once before any is timed: the JIT warms on all
                findings[v][w] = layoutFinding(inspect(patches[v], args, w), variable, Path.of(args[2 + 2 * w]));
            }
        }
        long[][][] ms = new long[variables.size()][ways.length][RUNS];
        long[][][] cpu = new long[variables.size()][ways.length][RUNS];
        for (int r = 0; r < RUNS; r++) { // interleaved: a burst of load on the machine hits every way alike
            for (int v = 0; v < variables.size(); v++) {
                for (int w = 0; w < ways.length; w++) {
                    long t = System.nanoTime();
                    long c = CPU.getProcessCpuTime();
                    inspect(patches[v], args, w);
                    ms[v][w][r] = (System.nanoTime() - t) / 1_000_000;
                    cpu[v][w][r] = (CPU.getProcessCpuTime() - c) / 1_000_000;
                }
            }
        }
        System.out.println("| variable | vmlinux given | wall min ms | wall median ms | CPU median ms | CPU vs no types | var-layout on the newer |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int v = 0; v < variables.size(); v++) {
            double none = 0;
            for (int w = 0; w < ways.length; w++) {
                Arrays.sort(ms[v][w]);
                Arrays.sort(cpu[v][w]);
                double median = cpu[v][w][RUNS / 2];
                none = w == 0 ? median : none;
                System.out.println(String.format("| `%s` | %s | %d | %d | %.0f | %.2f× | %s |", variables.get(v), ways[w],
                        ms[v][w][0], ms[v][w][RUNS / 2], median, median / none, findings[v][w]));
            }
        }
    }

    private static Inspection inspect(Path patch, String[] args, int way) {
        Path old = Path.of(args[1 + 2 * way]);
        Path now = Path.of(args[2 + 2 * way]);
        return Loading.inspect(patch, List.of(old, now), List.of(old));
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
