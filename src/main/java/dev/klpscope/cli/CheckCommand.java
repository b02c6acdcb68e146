package dev.klpscope.cli;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.SignatureSettings;
import dev.klpscope.load.CandidateInput;
import dev.klpscope.load.CheckRequest;
import dev.klpscope.load.Loading;
import dev.klpscope.load.Progress;
import dev.klpscope.module.KernelVersion;
import dev.klpscope.report.GateOutcome;
import dev.klpscope.report.ReportFormat;
import dev.klpscope.report.ReportedPath;
import dev.klpscope.report.Reports;
import dev.klpscope.report.Suppressions;
import dev.klpscope.report.image.ReviewImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code check PATCH.ko CANDIDATE...}: every target against every candidate, reported in one format. */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Checks a livepatch against candidate versions of the objects it patches: for each target and "
                + "candidate, whether the kernel resolves it, refuses it, or binds it to something that silently breaks.",
        footer = {"", "Exit status: 0 nothing reaches --fail-on, 1 something does, 2 unusable arguments or input.",
                "Severities, worst first: crash, refused, silent, risk, warn, info, ok."})
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    Cli parent;

    @Parameters(index = "0", paramLabel = "PATCH.ko", description = "The livepatch module (.ko, .ko.xz, .ko.zst, .ko.gz).")
    Path patch;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "CANDIDATE",
            description = "Candidate versions of the patched objects (modules or vmlinux); none: the patch file is "
                    + "checked alone.")
    List<Path> candidates = new ArrayList<>();

    @Option(names = "--kernels", arity = "1..*", paramLabel = "PATH",
            description = "Kernel builds to take candidates from: packages (.deb, .ddeb, .rpm), installed trees "
                    + "(/lib/modules/RELEASE, /usr/lib/debug), build folders, or folders of any mix; the objects the "
                    + "patch names are picked out, one candidate set per kernel release.")
    List<Path> kernels = new ArrayList<>();

    @Option(names = "--debug-file", paramLabel = "FILE",
            description = "A debug file lending its DWARF to the candidate with the same GNU build id (repeatable): "
                    + "objcopy --only-keep-debug output, /usr/lib/debug/.build-id/xx/....debug, an RPM .ko.debug, or a "
                    + "-dbg package's unstripped copy. Never a candidate; one among the candidates is recognised all "
                    + "the same. One that pairs with nothing is a warning.")
    List<Path> debugFiles = new ArrayList<>();

    @Option(names = "--no-cache", description = "Copy package members into a private temporary folder instead of the "
            + "cache ($XDG_CACHE_HOME/klpscope, default ~/.cache/klpscope).")
    boolean noCache;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "The build the patch was made against (repeatable, one per object); inferred when not given.")
    List<Path> baselines = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, markdown, html, json, brief (one line per finding), github (Actions annotations), junit (JUnit XML, failing at --fail-on) or png (the review image; needs --output) (default: ${DEFAULT-VALUE}).")
    ReportFormat format;

    @Option(names = "--output", paramLabel = "[FORMAT=]FILE",
            description = "Write the report to FILE instead of standard output: a regular file atomically, a device, FIFO "
                    + "or /dev/stdout straight through, a symbolic link's target; - is standard output; never an input file. "
                    + "Repeatable: FORMAT=FILE writes that format there too (e.g. json=report.json), from the same run.")
    List<String> outputs = new ArrayList<>();

    @Option(names = "--fail-on", paramLabel = "LEVEL", defaultValue = "silent",
            description = FailOn.CHOICES + ": exit 1 when a finding (of a target, a candidate or the patch file itself) "
                    + "is at least this bad (default: ${DEFAULT-VALUE}).")
    FailOn failOn;

    @Mixin
    SuppressionOptions suppression;

    @Option(names = "--require-all-objects",
            description = "An object of the patch without a candidate is a refused-level finding (its targets go "
                    + "unchecked), so that a gate cannot pass on a run that checked less than the whole patch.")
    boolean requireAllObjects;

    @Option(names = "--loader", paramLabel = "VERSION",
            description = "Judge the patch file by this kernel's module loader (6.1, 6.12 and 7.3 are modelled; the "
                    + "closest at or below is used) instead of the one its vermagic names, e.g. for a vendor kernel "
                    + "with backported loader changes.")
    KernelVersion loader;

    @Option(names = "--btf-base", paramLabel = "FILE",
            description = "The vmlinux BTF that module candidates' .BTF is split on, for var-layout when no vmlinux "
                    + "candidate of their release has it: a copy of /sys/kernel/btf/vmlinux, a vmlinux, or a vmlinuz "
                    + "(x86 bzImage).")
    Path btfBase;

    @Option(names = "--sig-enforce",
            description = "Judge the patch's signature as a kernel booted with module.sig_enforce=1 does: an unsigned "
                    + "patch, or one whose signer is not among the keys built into the vmlinux candidate, is refused "
                    + "(signature-trust). Without it, as the kernel is built (CONFIG_MODULE_SIG_FORCE, read from the "
                    + "vmlinux): on Debian's kernels such a patch loads and taints the kernel.")
    boolean sigEnforce;

    @Option(names = "--lockdown",
            description = "Judge the patch's signature as a kernel under lockdown does (lockdown=integrity; Debian under "
                    + "Secure Boot): refused as with --sig-enforce, with the lockdown message.")
    boolean lockdown;

    @Override
    public Integer call() throws Exception {
        List<Path> inputs = new ArrayList<>();
        inputs.add(patch);
        inputs.addAll(candidates);
        inputs.addAll(baselines);
        inputs.addAll(debugFiles);
        inputs.addAll(suppression.inputs());
        if (btfBase != null) {
            inputs.add(btfBase);
        }
        Inputs.requireReadableFiles(inputs);
        ReportOutputs<ReportFormat> outputs = ReportOutputs.parse(this.outputs, format,
                        spec.commandLine().getParseResult().hasMatchedOption("--format"), CheckCommand::formatNamed,
                        ReportFormat.choices(), ReportFormat::word)
                .imagesOnStdout(ReportFormat::isImage, ReportFormat::word, parent.stdoutIsAPipe());
        outputs.checkNotInputs(inputs);
        outputs.checkNotInputs(kernels);
        Suppressions suppressions = suppression.read();
        List<CandidateInput> fromKernels = KernelSources.candidates(patch, Optional.ofNullable(loader), kernels, noCache,
                spec.commandLine().getErr());
        // Verdicts never depend on the order candidates are given in (the baseline is chosen by content); the
        // report lists them by path so that it does not either.
        // ...and names them as ReportedPath says, so that two workspaces give the same report.
        List<Path> byPath = candidates.stream().map(ReportedPath::of).sorted(Comparator.comparing(Path::toString)).toList();
        Inspection inspection = Loading.inspect(CheckRequest.of(ReportedPath.of(patch), byPath,
                        baselines.stream().map(ReportedPath::of).toList())
                .withMoreCandidates(fromKernels)
                .withMoreCandidates(debugFiles.stream().map(ReportedPath::of).sorted(Comparator.comparing(Path::toString))
                        .map(CandidateInput::debugFile).toList())
                .withLoader(Optional.ofNullable(loader)).withRequireAllObjects(requireAllObjects)
                .withBtfBase(Optional.ofNullable(btfBase).map(ReportedPath::of))
                .withSignatures(new SignatureSettings(sigEnforce, lockdown)), Progress.NONE, this::warn);
        warnAmbiguousBaselines(inspection);
        if (!byPath.isEmpty() || !fromKernels.isEmpty() || !baselines.isEmpty()) {
            warnUncheckedObjects(inspection);
        }
        SuppressionOptions.warnUnused(suppressions.unused(inspection), spec.commandLine().getErr());
        boolean failed = failOn.reachedBy(suppressions.worstCounted(inspection));
        Optional<GateOutcome> gate = Optional.of(new GateOutcome(failOn.word(), failed));
        outputs.writeBytes(f -> f.isImage() ? ReviewImage.png(inspection)
                : Reports.render(inspection, f, gate, suppressions).getBytes(StandardCharsets.UTF_8), spec.commandLine().getOut());
        return failed ? Cli.FINDINGS : Cli.OK;
    }

    private void warn(String line) {
        spec.commandLine().getErr().println("klpscope: warning: " + line);
        spec.commandLine().getErr().flush();
    }

    private static Optional<ReportFormat> formatNamed(String word) {
        return Arrays.stream(ReportFormat.values()).filter(f -> f.word().equalsIgnoreCase(word)).findFirst();
    }

    /**
     * A candidate the patch never patches, and an object of the patch no candidate is a build of, are said on stderr:
     * a run given the wrong files (another object's build, the patch itself, one object of several) checks less than
     * it seems to. Without any candidate the patch is linted alone on purpose, and nothing is said.
     */
    private void warnUncheckedObjects(Inspection inspection) {
        for (CandidateInfo c : inspection.candidates()) {
            c.findings().stream().filter(f -> f instanceof Finding.NotPatched).forEach(f ->
                    spec.commandLine().getErr().println("klpscope: warning: " + c.path() + ": " + f.message()));
        }
        // An object with no target (callbacks only, or a name the file does not spell out) leaves nothing unchecked.
        inspection.patch().findings().stream()
                .filter(f -> f instanceof Finding.NoCandidate n && n.targets() > 0)
                .forEach(f -> spec.commandLine().getErr().println("klpscope: warning: " + f.message()));
        spec.commandLine().getErr().flush();
    }

    /** A tie for an object's baseline is said on stderr too, where a CI log shows it next to the exit status. */
    private void warnAmbiguousBaselines(Inspection inspection) {
        inspection.candidates().stream().filter(c -> c.baseline() && c.baselineAmbiguous()).forEach(c ->
                spec.commandLine().getErr().println("klpscope: warning: the baseline of " + c.object() + " is ambiguous ("
                        + c.baselineReason() + "): took " + c.path() + "; give --baseline"));
        spec.commandLine().getErr().flush();
    }
}
