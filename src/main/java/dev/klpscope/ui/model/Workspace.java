package dev.klpscope.ui.model;

import dev.klpscope.check.Inspection;
import dev.klpscope.livepatch.Livepatch;
import dev.klpscope.load.CheckSettings;
import dev.klpscope.load.LoadedFile;
import dev.klpscope.load.Loading;
import dev.klpscope.module.DebugSources;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.types.BtfBase;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the user has loaded: a patch (maybe none yet), the candidates in column order, and the candidates the user
 * chose as baselines (empty: the inspector infers them), and where candidates found in a package or tree came from
 * (by path, as {@code check --kernels} reports them), and the debug files dropped or found in packages and trees,
 * paired with the candidates by build id at each inspection (never candidates themselves, as with
 * {@code --debug-file}). Immutable; every edit returns a new workspace.
 */
public record Workspace(Optional<Livepatch> patch, List<KernelObject> candidates, Set<String> baselines,
                        Map<String, String> origins, DebugSources debug, List<BtfBase> bases) {

    public static final Workspace EMPTY = new Workspace(Optional.empty(), List.of(), Set.of(), Map.of(), DebugSources.NONE);

    public Workspace {
        candidates = List.copyOf(candidates);
        baselines = Set.copyOf(baselines);
        origins = Map.copyOf(origins);
        bases = List.copyOf(bases);
    }

    /** Without BTF bases other than {@code --btf-base} (a raw BTF file dropped, a release's vmlinux found). */
    public Workspace(Optional<Livepatch> patch, List<KernelObject> candidates, Set<String> baselines,
                     Map<String, String> origins, DebugSources debug) {
        this(patch, candidates, baselines, origins, debug, List.of());
    }

    /** Without debug files. */
    public Workspace(Optional<Livepatch> patch, List<KernelObject> candidates, Set<String> baselines,
                     Map<String, String> origins) {
        this(patch, candidates, baselines, origins, DebugSources.NONE);
    }

    /**
     * Adds debug files and {@code .build-id} folders read by the loading service ({@link Loading#debugSources}), and
     * BTF bases ({@link LoadedFile.Base}: a raw BTF file dropped, a release's vmlinux found in a package or tree).
     */
    public Workspace withDebug(List<? extends LoadedFile> read) {
        List<BtfBase> b = new ArrayList<>(bases);
        read.stream().filter(f -> f instanceof LoadedFile.Base).map(f -> ((LoadedFile.Base) f).base()).forEach(b::add);
        return new Workspace(patch, candidates, baselines, origins, debug.plus(Loading.debugSources(read)), b);
    }

    /** The debug files paired with the candidates by build id, and one line per debug file that pairs with none. */
    public DebugSources.Pairing pairing() {
        return debug.pair(candidates);
    }

    /** Adds candidates read by the loading service, keeping the origin of those found in packages or trees. */
    public Workspace withLoaded(List<LoadedFile.Candidate> added) {
        Map<String, String> o = new LinkedHashMap<>(origins);
        added.forEach(c -> c.origin().ifPresent(where -> o.put(c.object().path(), where)));
        Workspace w = withCandidates(added.stream().map(LoadedFile.Candidate::object).toList());
        return new Workspace(w.patch, w.candidates, w.baselines, o, debug, bases);
    }

    public Workspace withPatch(Livepatch newPatch) {
        return new Workspace(Optional.of(newPatch), candidates, baselines, origins, debug, bases);
    }

    /** Adds candidates at the end; a path already present is replaced in place (reloaded from disk). */
    public Workspace withCandidates(List<KernelObject> added) {
        List<KernelObject> out = new ArrayList<>(candidates);
        for (KernelObject k : added) {
            int i = indexOf(out, k.path());
            if (i >= 0) {
                out.set(i, k);
            } else {
                out.add(k);
            }
        }
        return new Workspace(patch, out, baselines, origins, debug, bases);
    }

    public Workspace without(String path) {
        List<KernelObject> out = new ArrayList<>(candidates);
        out.removeIf(k -> k.path().equals(path));
        Set<String> b = new LinkedHashSet<>(baselines);
        b.remove(path);
        Map<String, String> o = new LinkedHashMap<>(origins);
        o.remove(path);
        return new Workspace(patch, out, b, o, debug, bases);
    }

    /** Moves a candidate by {@code delta} columns, clamped to the ends. */
    public Workspace moved(String path, int delta) {
        List<KernelObject> out = new ArrayList<>(candidates);
        int i = indexOf(out, path);
        if (i < 0) {
            return this;
        }
        int j = Math.max(0, Math.min(out.size() - 1, i + delta));
        out.add(j, out.remove(i));
        return new Workspace(patch, out, baselines, origins, debug, bases);
    }

    /** Makes {@code path} the baseline of its object: other chosen baselines for that object are dropped. */
    public Workspace withBaseline(String path) {
        Optional<KernelObject> chosen = candidate(path);
        if (chosen.isEmpty()) {
            return this;
        }
        Set<String> b = new LinkedHashSet<>();
        for (String p : baselines) {
            if (candidate(p).map(k -> !k.name().equals(chosen.get().name())).orElse(false)) {
                b.add(p);
            }
        }
        b.add(path);
        return new Workspace(patch, candidates, b, origins, debug, bases);
    }

    public Optional<KernelObject> candidate(String path) {
        return candidates.stream().filter(k -> k.path().equals(path)).findFirst();
    }

    /** Every file the workspace was read from: exports must never overwrite one of them. */
    public List<String> inputPaths() {
        List<String> out = new ArrayList<>();
        patch.ifPresent(p -> out.add(p.path()));
        candidates.forEach(k -> out.add(k.path()));
        debug.files().forEach(d -> out.add(d.file().toString()));
        return out;
    }

    /**
     * Runs every check through the loading service with the window's settings, as the command line does; empty while
     * no patch is loaded. Slow for a large vmlinux (and reads the {@code --btf-base} file): call off the UI thread.
     */
    public Optional<Inspection> inspect(CheckSettings settings) {
        return patch.map(p -> Loading.inspect(p, candidates.stream().map(k -> new LoadedFile.Candidate(Path.of(k.path()), k,
                Optional.ofNullable(origins.get(k.path()))))
                .toList(), baselines, settings.requireAllObjects(), allBases(settings), settings.signatures(),
                pairing().files()));
    }

    /** {@code --btf-base} of the settings, then the bases dropped or found. */
    private List<BtfBase> allBases(CheckSettings settings) {
        List<BtfBase> all = new ArrayList<>(Loading.btfBases(settings.btfBase()));
        all.addAll(bases);
        return all;
    }

    private static int indexOf(List<KernelObject> list, String path) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).path().equals(path)) {
                return i;
            }
        }
        return -1;
    }
}
