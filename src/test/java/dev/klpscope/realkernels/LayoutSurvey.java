package dev.klpscope.realkernels;

import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.module.types.Btf;
import dev.klpscope.module.types.BtfFiles;
import dev.klpscope.module.types.BtfType;
import dev.klpscope.module.types.LayoutChange;
import dev.klpscope.module.types.LayoutDiff;
import dev.klpscope.module.types.Layouts;
import dev.klpscope.module.types.TypeNames;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The variables whose type layout changed between two Debian kernel builds, as {@code var-layout} would report them
 * for a patch that references them: every BTF {@code VAR} of the older vmlinux (and of each module present in both
 * module trees, on its own vmlinux's BTF) against the same-named {@code VAR} of the newer. Run by
 * {@code scripts/layout-survey.sh}; results in docs/real-kernels.md.
 *
 * <p>Arguments: {@code OLD_VMLINUX NEW_VMLINUX [OLD_MODULES NEW_MODULES]}; TSV on standard output
 * ({@code object, variable, type, changes}), counts on standard error.
 */
public final class LayoutSurvey {

    private LayoutSurvey() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2 && args.length != 4) {
            System.err.println("usage: LayoutSurvey OLD_VMLINUX NEW_VMLINUX [OLD_MODULES NEW_MODULES]");
            System.exit(2);
        }
        PrintStream out = System.out;
        Btf oldBase = vmlinux(Path.of(args[0]));
        Btf newBase = vmlinux(Path.of(args[1]));
        int[] vm = compare("vmlinux", oldBase, newBase, out);
        System.err.printf("vmlinux: %d VARs, %d in both, %d changed%n", vm[0], vm[1], vm[2]);
        if (args.length == 2) {
            return;
        }
        Path oldTree = Path.of(args[2]);
        Path newTree = Path.of(args[3]);
        int modules = 0;
        int[] sum = new int[3];
        List<Path> files;
        try (Stream<Path> s = Files.walk(oldTree)) {
            files = s.filter(p -> p.getFileName().toString().matches(".*\\.ko(\\.xz|\\.zst|\\.gz)?")).sorted().toList();
        }
        for (Path f : files) {
            Path g = newTree.resolve(oldTree.relativize(f));
            if (!Files.exists(g)) {
                continue;
            }
            try {
                Optional<Btf> a = BtfFiles.of(ElfImage.open(f), oldBase);
                Optional<Btf> b = BtfFiles.of(ElfImage.open(g), newBase);
                if (a.isEmpty() || b.isEmpty()) {
                    continue;
                }
                modules++;
                int[] r = compare(oldTree.relativize(f).toString(), a.get(), b.get(), out);
                for (int i = 0; i < 3; i++) {
                    sum[i] += r[i];
                }
            } catch (MalformedInputException e) {
                System.err.println("skipped: " + e.getMessage());
            }
        }
        System.err.printf("modules: %d in both trees with .BTF, %d VARs, %d in both, %d changed%n", modules, sum[0], sum[1], sum[2]);
    }

    private static Btf vmlinux(Path p) {
        return BtfFiles.isRaw(p) ? BtfFiles.raw(p) : BtfFiles.of(ElfImage.open(p), null)
                .orElseThrow(() -> new MalformedInputException(p, "has no .BTF"));
    }

    /** {VARs, in both, changed} of {@code older}'s own types against {@code newer}. */
    private static int[] compare(String object, Btf older, Btf newer, PrintStream out) {
        int vars = 0;
        int both = 0;
        int changed = 0;
        for (int id = older.startId(); id < older.endId(); id++) {
            if (!(older.type(id) instanceof BtfType.Variable v)) {
                continue;
            }
            vars++;
            Optional<BtfType.Variable> w = newer.variable(v.name());
            if (w.isEmpty()) {
                continue;
            }
            both++;
            List<LayoutChange> changes = LayoutDiff.compare(Layouts.of(older, v.type()), Layouts.of(newer, w.get().type()));
            if (!changes.isEmpty()) {
                changed++;
                out.println(object + "\t" + v.name() + "\t" + TypeNames.name(older, v.type()) + "\t" + LayoutDiff.summary(changes));
            }
        }
        return new int[] {vars, both, changed};
    }
}
