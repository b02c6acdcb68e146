package dev.klpscope.cli;

import dev.klpscope.livepatch.Livepatch;
import dev.klpscope.load.Loading;
import dev.klpscope.module.KernelVersion;
import dev.klpscope.report.PatchListing;
import dev.klpscope.report.ReportedPath;
import dev.klpscope.report.Suppressions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code show PATCH.ko}: a livepatch-aware listing of one patch, no candidates needed; exits by {@code --fail-on}, with
 * {@code --accept} and {@code --ignore}, as check does over the patch file's own findings.
 */
@Command(name = "show", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Lists what a livepatch contains as the kernel sees it: objects, klp relocation sections, "
                + "targets with their relocation sites, patched functions, its own symbols, imports and problems.")
final class ShowCommand implements Callable<Integer> {

    /** The formats a listing comes in. */
    enum Format { TEXT, JSON }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATCH.ko", description = "The livepatch module.")
    Path patch;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--output", paramLabel = "[FORMAT=]FILE",
            description = "Write the listing to FILE instead of standard output, as check --output does; repeatable, "
                    + "FORMAT=FILE (text or json) too.")
    List<String> outputs = new ArrayList<>();

    @Option(names = "--fail-on", paramLabel = "LEVEL", defaultValue = "silent",
            description = FailOn.CHOICES + ": exit 1 when a finding about the patch file is at least this bad, as "
                    + "check --fail-on (default: ${DEFAULT-VALUE}).")
    FailOn failOn;

    @Mixin
    SuppressionOptions suppression;

    @Option(names = "--loader", paramLabel = "VERSION",
            description = "Judge the patch file by this kernel's module loader (6.1, 6.12 and 7.3 are modelled; the "
                    + "closest at or below is used) instead of the one its vermagic names, e.g. for a vendor kernel "
                    + "with backported loader changes.")
    KernelVersion loader;

    private static Optional<Format> formatNamed(String word) {
        return Arrays.stream(Format.values()).filter(f -> f.name().equalsIgnoreCase(word)).findFirst();
    }

    @Override
    public Integer call() throws IOException {
        List<Path> inputs = new ArrayList<>(List.of(patch));
        inputs.addAll(suppression.inputs());
        Inputs.requireReadableFiles(inputs);
        ReportOutputs<Format> outputs = ReportOutputs.parse(this.outputs, format,
                spec.commandLine().getParseResult().hasMatchedOption("--format"), ShowCommand::formatNamed, "text or json",
                f -> f.name().toLowerCase(java.util.Locale.ROOT));
        outputs.checkNotInputs(inputs);
        Suppressions suppressions = suppression.read();
        Livepatch lp = Loading.readPatch(ReportedPath.of(patch), Optional.ofNullable(loader));
        SuppressionOptions.warnUnused(suppressions.unused(lp), spec.commandLine().getErr());
        outputs.write(f -> f == Format.JSON ? PatchListing.json(lp, suppressions) : PatchListing.text(lp, suppressions),
                spec.commandLine().getOut());
        return failOn.reachedBy(suppressions.worstCounted(lp)) ? Cli.FINDINGS : Cli.OK;
    }
}
