package dev.klpscope.bench;

import dev.klpscope.check.Inspection;
import dev.klpscope.load.Loading;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.Symbol;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelObjectReader;
import dev.klpscope.module.Resolution;
import dev.klpscope.module.ResolutionView;
import dev.klpscope.module.code.FunctionCode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Warm cost of klpscope's core analysis on real Debian inputs (issue 6). Every operation opens its files
 * again (memory-mapped; the page cache is warm), exactly as a command or the window does, so the numbers
 * compare with {@code readelf} runs on the same files.
 *
 * <ul>
 *   <li>{@code inspectVmlinux}: {@code Loading.inspect(vmlinux_lp.ko, [vmlinux 633 MB])} — the whole analysis;</li>
 *   <li>{@code inspectSample}: {@code Loading.inspect(debian_lp.ko, [sch_codel.ko 6.1.0-57])} — the floor;</li>
 *   <li>{@code inspectAbi11}: {@code Loading.inspect(debian_lp.ko, [sch_codel.ko × 11 ABIs])} — parallel reading;</li>
 *   <li>{@code candidate} ({@code amdgpu}, {@code amdgpu-dbg}): what the analysis does with a module candidate of a
 *       patch for it — {@code KernelObjectReader.read} (section table, every symbol, kernel counting order in both
 *       load-order views, versions), resolution of {@value #NAMES} function names in both views, and the
 *       patched-function comparison ({@code FunctionCode}: code with every address named by what it reaches; relocated fields
 *       replaced by names, which decodes the relocations of the function's section) for {@value #DIGESTS}
 *       functions. No sample livepatch targets amdgpu, so the patch side is not included; it is the same small
 *       cost as in the other benchmarks;</li>
 *   <li>{@code open}, {@code read}: the parts — {@code ElfImage.open} (map, header, section table) and
 *       {@code KernelObjectReader.read} alone — to show where time goes.</li>
 * </ul>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class AnalysisBench {

    static final int NAMES = 100;
    static final int DIGESTS = 3;

    @State(Scope.Benchmark)
    public static class Big {
        @Param({"vmlinux", "amdgpu", "amdgpu-dbg"})
        public String input;
        Path file;

        @Setup
        public void setup() {
            file = Inputs.file(input);
        }
    }

    @State(Scope.Benchmark)
    public static class Module {
        @Param({"amdgpu", "amdgpu-dbg"})
        public String input;
        Path file;
        List<String> names;
        List<String> digestNames;

        @Setup
        public void setup() {
            file = Inputs.file(input);
            KernelObject o = KernelObjectReader.read(file);
            names = Inputs.spreadFunctionNames(o, NAMES);
            digestNames = Inputs.spreadFunctionNames(o, DIGESTS);
        }
    }

    @State(Scope.Benchmark)
    public static class Patches {
        Path vmlinuxPatch;
        List<Path> vmlinux;
        Path codelPatch;
        List<Path> abi;
        List<Path> sample;

        @Setup
        public void setup() {
            vmlinuxPatch = Inputs.vmlinuxPatch();
            vmlinux = List.of(Inputs.file("vmlinux"));
            codelPatch = Inputs.codelPatch();
            abi = Inputs.abi();
            sample = List.of(Inputs.require(Inputs.samples().resolve("debian/v57/sch_codel.ko")));
        }
    }

    @Benchmark
    public Inspection inspectVmlinux(Patches p) {
        return Loading.inspect(p.vmlinuxPatch, p.vmlinux, List.of());
    }

    @Benchmark
    public Inspection inspectSample(Patches p) {
        return Loading.inspect(p.codelPatch, p.sample, List.of());
    }

    @Benchmark
    public Inspection inspectAbi11(Patches p) {
        return Loading.inspect(p.codelPatch, p.abi, List.of());
    }

    @Benchmark
    public void candidate(Module m, Blackhole bh) {
        KernelObject o = KernelObjectReader.read(m.file);
        for (String n : m.names) {
            for (ResolutionView v : ResolutionView.values()) {
                Resolution r = o.symbols().resolve(n, 0, v);
                bh.consume(r);
            }
        }
        for (String n : m.digestNames) {
            List<Symbol> s = o.symbols().named(n, ResolutionView.TARGET_COMING);
            bh.consume(FunctionCode.of(o, s.get(0)).map(FunctionCode::digest));
        }
    }

    @Benchmark
    public ElfImage open(Big b) {
        return ElfImage.open(b.file);
    }

    @Benchmark
    public KernelObject read(Big b) {
        return KernelObjectReader.read(b.file);
    }
}
