package dev.klpscope.ui.model;

import dev.klpscope.check.Inspection;
import dev.klpscope.livepatch.Livepatch;
import dev.klpscope.load.CheckSettings;
import dev.klpscope.load.KernelCandidates;
import dev.klpscope.load.LoadedFile;
import dev.klpscope.load.Loading;
import dev.klpscope.report.GateOutcome;
import dev.klpscope.report.Suppressions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The workspace and every edit of it, without any UI type. Edits read files and run the analysis through the
 * loading service ({@link Loading}, as the command line does), so they run on one background thread, one at a time
 * (see {@link Jobs}); a file that fails leaves the rest as it was. The {@link CheckSettings} are the command line's
 * options: the same files and settings give the same inspection and gate as {@code klpscope check}.
 */
public final class Session {

    private Workspace workspace = Workspace.EMPTY;
    private CheckSettings settings = CheckSettings.DEFAULT;
    /** {@code --no-cache}: package members go to a private folder of this process, not the user's cache. */
    private volatile boolean noCache;

    public synchronized Workspace workspace() {
        return workspace;
    }

    public synchronized CheckSettings settings() {
        return settings;
    }

    /**
     * {@code --no-cache} from now on (Check → Don't Cache Package Members): only where later packages are read from
     * and copied to changes, so nothing is read or inspected again.
     */
    public void setNoCache(boolean noCache) {
        this.noCache = noCache;
    }

    /**
     * New settings: a new loader judges the patch again (its file is not read again), and the whole workspace is
     * inspected again with them.
     */
    public synchronized Outcome changeSettings(CheckSettings next, Progress progress) {
        Workspace w = workspace;
        if (!next.loader().equals(settings.loader()) && w.patch().isPresent()) {
            w = w.withPatch(Loading.rejudge(w.patch().get(), next.loader()));
        }
        settings = next;
        return commit(w, List.of(), "Settings applied", progress);
    }

    /**
     * Starts over with {@code patch} and {@code candidates} (command line, seed scenario); when nothing in them can
     * be used, the current workspace stays.
     */
    public synchronized Outcome open(Path patch, List<Path> candidates, Progress progress) {
        List<Path> all = new ArrayList<>();
        all.add(patch);
        all.addAll(candidates);
        Workspace before = workspace;
        workspace = Workspace.EMPTY;
        Outcome o;
        try {
            o = drop(all, progress);
        } catch (RuntimeException e) {
            workspace = before; // cancelled (or failed): what was open stays open
            throw e;
        }
        if (!o.changed()) {
            workspace = before;
            return new Outcome(false, before, Optional.empty(), o.problems(), o.done());
        }
        return o;
    }

    public synchronized Outcome openPatch(Path path, Progress progress) {
        LoadedFile f = read(List.of(path), progress).get(0);
        if (f instanceof LoadedFile.Patch p) {
            return commit(workspace.withPatch(p.livepatch()), List.of(), "Opened " + path.getFileName(), progress);
        }
        String problem = f instanceof LoadedFile.Unusable u ? u.problem()
                : path + ": is not a livepatch (no livepatch=Y in .modinfo, no .klp.rela sections and no klp_patch "
                        + "structures); add it as a candidate instead";
        return unchanged(problem);
    }

    /** Modules and vmlinux files, or kernel packages and folders searched for the patch's objects ({@link KernelCandidates}). */
    public synchronized Outcome addCandidates(List<Path> paths, Progress progress) {
        List<String> problems = new ArrayList<>();
        List<Path> sources = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        paths.forEach(p -> (KernelCandidates.isSource(p) ? sources : files).add(p));
        List<LoadedFile> read = new ArrayList<>(read(files, progress));
        read.addAll(searchKernels(sources, workspace.patch(), problems, progress));
        read = Loading.pairDebugCopies(read, workspace.candidates());
        List<LoadedFile.Candidate> added = new ArrayList<>();
        List<LoadedFile> debug = new ArrayList<>();
        for (LoadedFile f : read) {
            if (f instanceof LoadedFile.Candidate c) {
                added.add(c);
            } else if (f instanceof LoadedFile.Patch p) {
                problems.add(p.path() + ": is a livepatch, not a module; open it as the patch (Ctrl+O)");
            } else if (f instanceof LoadedFile.Unusable u) {
                problems.add(u.problem());
            } else {
                debug.add(f);
            }
        }
        if (added.isEmpty() && debug.isEmpty()) {
            return unchanged(problems);
        }
        Workspace next = withDebug(workspace.withLoaded(added), debug, problems);
        return commit(next, problems, added(added.size(), debug), progress);
    }

    /**
     * {@code w} with the debug files read; when there are some, one problem line per debug file that pairs with no
     * candidate (as {@code check --debug-file} warns), said once, when it is added.
     */
    private static Workspace withDebug(Workspace w, List<LoadedFile> debug, List<String> problems) {
        if (debug.isEmpty()) {
            return w;
        }
        Workspace next = w.withDebug(debug);
        List<String> before = w.pairing().problems();
        next.pairing().problems().stream().filter(p -> !before.contains(p)).forEach(problems::add);
        return next;
    }

    private static String added(int candidates, List<LoadedFile> debug) {
        long files = debug.stream().filter(f -> f instanceof LoadedFile.Debug).count();
        long bases = debug.stream().filter(f -> f instanceof LoadedFile.Base).count();
        long folders = debug.size() - files - bases;
        List<String> parts = new ArrayList<>();
        if (candidates > 0) {
            parts.add(count(candidates, "candidate"));
        }
        if (files > 0) {
            parts.add(count((int) files, "debug file"));
        }
        if (bases > 0) {
            parts.add(count((int) bases, "BTF base"));
        }
        if (folders > 0 || parts.isEmpty()) {
            parts.add(count((int) folders, ".build-id folder"));
        }
        return "Added " + (parts.size() == 1 ? parts.get(0)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1));
    }

    /**
     * Packages and folders searched for the objects {@code patch} names, as {@code check --kernels} does; without a
     * patch there is nothing to search for, which is a problem line per source.
     */
    private List<LoadedFile> searchKernels(List<Path> sources, Optional<Livepatch> patch, List<String> problems,
                                           Progress progress) {
        if (sources.isEmpty()) {
            return List.of();
        }
        if (patch.isEmpty()) {
            sources.forEach(s -> problems.add(s + ": open the patch first; a kernel package or folder is searched for "
                    + "the objects the patch names"));
            return List.of();
        }
        progress.update("Searching " + sources.size() + " kernel package(s) or folder(s) for " + String.join(", ", patch.get().objects()) + "…", -1);
        KernelCandidates found = KernelCandidates.find(patch.get().objects(), sources, noCache, progress);
        problems.addAll(found.problems());
        return found.read(settings.loader(), progress);
    }

    /** Files dropped on the window: see {@link DropPolicy}; packages and folders are searched for the patch's objects. */
    public synchronized Outcome drop(List<Path> paths, Progress progress) {
        List<String> problems = new ArrayList<>();
        List<Path> readable = new ArrayList<>();
        List<Path> sources = new ArrayList<>();
        for (Path p : paths) {
            if (KernelCandidates.isSource(p)) {
                sources.add(p);
            } else {
                DropPolicy.rejectBeforeReading(p).ifPresentOrElse(problems::add, () -> readable.add(p));
            }
        }
        DropPolicy.Plan files = DropPolicy.plan(read(readable, progress));
        List<dev.klpscope.module.KernelObject> before = new ArrayList<>(workspace.candidates());
        files.candidates().forEach(c -> before.add(c.object()));
        DropPolicy.Plan found = DropPolicy.plan(Loading.pairDebugCopies(searchKernels(sources,
                files.patch().map(LoadedFile.Patch::livepatch).or(workspace::patch), problems, progress), before));
        List<LoadedFile.Candidate> candidates = new ArrayList<>(files.candidates());
        candidates.addAll(found.candidates());
        List<LoadedFile> debug = new ArrayList<>(files.debug());
        debug.addAll(found.debug());
        DropPolicy.Plan plan = new DropPolicy.Plan(files.patch(), candidates, files.ignored(), debug);
        problems.addAll(plan.ignored());
        problems.addAll(found.ignored());
        if (plan.changesNothing()) {
            return unchanged(problems);
        }
        Workspace next = workspace;
        if (plan.patch().isPresent()) {
            next = next.withPatch(plan.patch().get().livepatch());
        }
        next = withDebug(next.withLoaded(plan.candidates()), plan.debug(), problems);
        String more = plan.candidates().isEmpty() && plan.debug().isEmpty() ? ""
                : "a" + added(plan.candidates().size(), plan.debug()).substring(1);
        String done = plan.patch().map(p -> "Opened " + p.path().getFileName() + (more.isEmpty() ? "" : ", ")).orElse("") + more;
        return commit(next, problems, Character.toUpperCase(done.charAt(0)) + done.substring(1), progress);
    }

    public synchronized Outcome removeCandidate(String path, Progress progress) {
        return edit(w -> w.without(path), "Removed " + fileName(path), progress);
    }

    public synchronized Outcome moveCandidate(String path, int delta, Progress progress) {
        return edit(w -> w.moved(path, delta), "Moved " + fileName(path), progress);
    }

    public synchronized Outcome makeBaseline(String path, Progress progress) {
        return edit(w -> w.withBaseline(path), fileName(path) + " is the baseline", progress);
    }

    /** Re-runs the inspection of the current workspace (e.g. after a failed one). */
    public synchronized Outcome reinspect(Progress progress) {
        return commit(workspace, List.of(), "Inspected", progress);
    }

    private Outcome edit(UnaryOperator<Workspace> change, String done, Progress progress) {
        return commit(change.apply(workspace), List.of(), done, progress);
    }

    private Outcome commit(Workspace next, List<String> problems, String done, Progress progress) {
        workspace = next;
        List<String> all = new ArrayList<>(problems);
        Optional<Inspection> inspection = Optional.empty();
        if (next.patch().isPresent()) {
            progress.update("Inspecting against " + count(next.candidates().size(), "candidate") + "…", -1);
            try {
                inspection = next.inspect(settings);
            } catch (RuntimeException e) {
                // The files stay loaded; only the verdicts are missing until the next successful run.
                all.add("Inspection failed: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            }
        }
        Optional<Suppressions> suppressions = inspection.isPresent() ? suppressions(all) : Optional.empty();
        Optional<GateOutcome> gate = inspection.flatMap(i -> suppressions.map(s -> settings.gate(i, s)));
        return new Outcome(true, next, inspection, all, done, gate, suppressions.orElse(Suppressions.NONE));
    }

    /** What {@code --fail-on} counts with these settings; a bad rule or accept file is a problem, and no gate. */
    private Optional<Suppressions> suppressions(List<String> problems) {
        try {
            return Optional.of(settings.suppressions());
        } catch (IOException | IllegalArgumentException e) {
            problems.add(e instanceof IOException ? settings.accept().map(Path::toString).orElse("--accept") + ": "
                    + "cannot be read (" + e.getMessage() + ")" : e.getMessage());
            return Optional.empty();
        }
    }

    private Outcome unchanged(String problem) {
        return unchanged(List.of(problem));
    }

    private Outcome unchanged(List<String> problems) {
        return new Outcome(false, workspace, Optional.empty(), problems, "Nothing changed");
    }

    private List<LoadedFile> read(List<Path> paths, Progress progress) {
        return Loading.classify(paths, settings.loader(), progress);
    }

    private static String fileName(String path) {
        return Path.of(path).getFileName().toString();
    }

    static String count(int n, String noun) {
        return Loading.count(n, noun);
    }
}
