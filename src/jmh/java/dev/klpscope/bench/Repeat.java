package dev.klpscope.bench;

import dev.klpscope.load.Loading;
import dev.klpscope.module.KernelObjectReader;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs one analysis many times in a plain JVM, for profiling with JFR and for heap figures:
 * <pre>
 *   java -XX:StartFlightRecording=filename=x.jfr,settings=profile -cp ... dev.klpscope.bench.Repeat N read FILE
 *   java -Xmx64m -cp ... dev.klpscope.bench.Repeat N inspect PATCH CANDIDATE...
 *   java -cp ... dev.klpscope.bench.Repeat N candidate MODULE      (as AnalysisBench.candidate)
 * </pre>
 * Prints the wall time of each run (ms), the calling thread's CPU time (min, median; the reading of the
 * candidates themselves runs on a pool for {@code inspect}), the whole process's CPU time over the second half
 * of the runs (min, median: every thread, GC and JIT included; steadier than wall time on a shared machine), then the live heap after a full GC with the last result still
 * reachable, and the peak usage of every heap pool.
 */
public final class Repeat {

    private Repeat() {
    }

    /** What {@code AnalysisBench.candidate} measures, once. */
    static Object candidate(Path file) {
        dev.klpscope.module.KernelObject o = KernelObjectReader.read(file);
        int found = 0;
        for (String name : Inputs.spreadFunctionNames(o, AnalysisBench.NAMES)) {
            for (dev.klpscope.module.ResolutionView v : dev.klpscope.module.ResolutionView.values()) {
                found += o.symbols().resolve(name, 0, v).resolves() ? 1 : 0;
            }
        }
        List<String> digests = new ArrayList<>();
        for (String name : Inputs.spreadFunctionNames(o, AnalysisBench.DIGESTS)) {
            var s = o.symbols().named(name, dev.klpscope.module.ResolutionView.TARGET_COMING).get(0);
            digests.add(dev.klpscope.module.code.FunctionCode.of(o, s).map(dev.klpscope.module.code.FunctionCode::digest).orElse("-"));
        }
        return found + " " + digests;
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        String what = args[1];
        List<Path> files = Arrays.stream(args).skip(2).map(Path::of).toList();
        Object keep = null;
        List<Long> times = new ArrayList<>();
        List<Long> cpu = new ArrayList<>();
        List<Long> processCpu = new ArrayList<>();
        var threads = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < n; i++) {
            long p0 = os.getProcessCpuTime();
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            keep = switch (what) {
                case "read" -> KernelObjectReader.read(files.get(0));
                case "candidate" -> candidate(files.get(0));
                case "inspect" -> Loading.inspect(files.get(0), files.subList(1, files.size()), List.of());
                default -> throw new IllegalArgumentException(what);
            };
            times.add((System.nanoTime() - t0) / 1_000_000);
            cpu.add((threads.getCurrentThreadCpuTime() - c0) / 1_000_000);
            processCpu.add((os.getProcessCpuTime() - p0) / 1_000_000);
        }
        // process CPU (every thread: readers, GC, JIT) of the second half of the runs, once warm
        List<Long> warmProcess = new ArrayList<>(processCpu.subList(n / 2, n));
        warmProcess.sort(null);
        System.gc();
        long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        List<Long> sorted = new ArrayList<>(times);
        sorted.sort(null);
        List<Long> sortedCpu = new ArrayList<>(cpu);
        sortedCpu.sort(null);
        System.out.printf("runs_ms=%s min_ms=%d median_ms=%d thread_cpu_min_ms=%d thread_cpu_median_ms=%d warm_process_cpu_min_ms=%d warm_process_cpu_median_ms=%d live_heap_mb=%.1f pool_peak_sum_mb=%.1f result=%s%n", times,
                sorted.get(0), sorted.get(sorted.size() / 2), sortedCpu.get(0), sortedCpu.get(sortedCpu.size() / 2),
                warmProcess.get(0), warmProcess.get(warmProcess.size() / 2), live / 1048576.0, peak / 1048576.0,
                keep instanceof String str ? str : keep == null ? "" : keep.getClass().getSimpleName());
    }
}
