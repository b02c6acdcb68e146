package dev.klpscope.load;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Inspector;
import dev.klpscope.check.SignatureSettings;
import dev.klpscope.elf.ElfImage;
import dev.klpscope.elf.MalformedInputException;
import dev.klpscope.livepatch.Livepatch;
import dev.klpscope.livepatch.LivepatchReader;
import dev.klpscope.livepatch.lint.KernelRules;
import dev.klpscope.module.DebugFile;
import dev.klpscope.module.DebugFiles;
import dev.klpscope.module.DebugSources;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.KernelObjectReader;
import dev.klpscope.module.SystemMapReader;
import dev.klpscope.module.KernelVersion;
import dev.klpscope.module.ObjectKind;
import dev.klpscope.module.types.BtfBase;
import dev.klpscope.module.types.BtfFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The one way files become an analysis, for both front ends: paths → the patch and candidates
 * ({@link CandidateInput}s, which may come from packages) → {@link Inspector}, which only analyses. The command
 * line knows each file's role from its position ({@link #inspect(CheckRequest, Progress)}); the window sorts
 * dropped files by content ({@link #classify}), with the same rule: {@link LivepatchReader#readIfLivepatch}.
 * Reading is slow (a vmlinux is hundreds of MB): never on a UI thread; an interrupted thread stops between files
 * with a {@link CancellationException}.
 */
public final class Loading {

    private Loading() {
    }

    /** Reads the patch and candidates (in parallel) and inspects them; baselines are added as candidates if not given as such. */
    public static Inspection inspect(CheckRequest request, Progress progress) {
        return inspect(request, progress, w -> { });
    }

    /**
     * As above; {@code warnings} gets one line per debug file that could not be used (paired with no candidate,
     * another of the same build id, unreadable when found in a package or tree): the run goes on without it.
     */
    public static Inspection inspect(CheckRequest request, Progress progress, Consumer<String> warnings) {
        Map<Path, CandidateInput> all = new LinkedHashMap<>();
        request.candidates().forEach(c -> all.putIfAbsent(c.path(), c));
        request.baselines().forEach(b -> all.putIfAbsent(b, CandidateInput.of(b)));
        List<CandidateInput> files = new ArrayList<>(all.values());
        // A few small modules read in far less time than starting threads costs on a cold JVM (issue 17): those
        // are read on the calling thread, anything larger side by side.
        ExecutorService pool = smallInputs(request.patch(), files) ? null : readers(files.size() + 1);
        Executor on = pool == null ? Runnable::run : pool;
        try {
            Future<Livepatch> lp = CompletableFuture.supplyAsync(() -> readPatch(request.patch(), request.loader()), on);
            List<Future<LoadedFile>> objects = new ArrayList<>();
            for (CandidateInput f : files) {
                objects.add(CompletableFuture.supplyAsync(() -> readInput(f), on));
            }
            Livepatch livepatch = await(lp);
            List<LoadedFile.Candidate> loaded = new ArrayList<>();
            List<LoadedFile> debug = new ArrayList<>();
            List<BtfBase> bases = new ArrayList<>(btfBases(request.btfBase()));
            List<String> vmlinuzGiven = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                progress.update("Reading " + files.get(i).path().getFileName() + "…", (double) i / files.size());
                LoadedFile read = await(objects.get(i));
                if (read instanceof LoadedFile.Candidate c) {
                    loaded.add(new LoadedFile.Candidate(files.get(i).path(), reported(c.object(), files.get(i)), files.get(i).origin()));
                } else if (read instanceof LoadedFile.Unusable u) {
                    warnings.accept(u.problem());
                } else if (read instanceof LoadedFile.Base b) {
                    if (request.baselines().contains(files.get(i).path())) {
                        throw new MalformedInputException(files.get(i).path(), "is a BTF base (raw BTF or a vmlinuz: no symbols), "
                                + "not a build the patch can have been made against: give it as a candidate or with --btf-base, "
                                + "and the build as --baseline");
                    }
                    bases.add(b.base());
                    if (b.vmlinuz()) {
                        vmlinuzGiven.add(files.get(i).reported());
                    }
                } else {
                    debug.add(read);
                }
            }
            List<LoadedFile> copies = DebugCopies.pair(List.copyOf(loaded), List.of());
            loaded.clear();
            for (LoadedFile f : copies) {
                if (f instanceof LoadedFile.Candidate c) {
                    loaded.add(c);
                } else {
                    debug.add(f);
                }
            }
            requireOneBaselinePerObject(loaded, request.baselines());
            vmlinuzWithoutSymbols(livepatch, loaded, vmlinuzGiven).forEach(warnings);
            DebugSources.Pairing paired = debugSources(debug).pair(loaded.stream().map(LoadedFile.Candidate::object).toList());
            paired.problems().forEach(warnings);
            progress.update("Inspecting against " + count(loaded.size(), "candidate") + "…", -1);
            return inspect(livepatch, loaded, request.baselines().stream().map(Path::toString).toList(),
                    request.requireAllObjects(), bases, request.signatures(), paired.files());
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /**
     * A vmlinuz given as a candidate serves as its release's BTF base only (its vmlinux has no symbol table): where the
     * patch patches vmlinux and no vmlinux candidate is left, one line says so by the file's name, so that the user
     * is not left with "no candidate was given for object 'vmlinux'" alone.
     */
    static List<String> vmlinuzWithoutSymbols(Livepatch patch, List<LoadedFile.Candidate> loaded, List<String> vmlinuzGiven) {
        if (!patch.objects().contains("vmlinux") || loaded.stream().anyMatch(c -> c.object().name().equals("vmlinux"))) {
            return List.of();
        }
        return vmlinuzGiven.stream().map(file -> file + ": is a bzImage, whose vmlinux the kernel build strips of its symbol "
                + "table: it serves as its release's BTF base only; give the vmlinux with symbols (Debian's -dbg package) "
                + "or its System.map as the candidate for the patch's vmlinux targets").toList();
    }

    /** Two baselines of one object cannot both be what the patch was built against: said, never one picked. */
    private static void requireOneBaselinePerObject(List<LoadedFile.Candidate> loaded, List<Path> baselines) {
        Map<String, LoadedFile.Candidate> byObject = new LinkedHashMap<>();
        for (LoadedFile.Candidate c : loaded) {
            if (baselines.contains(c.path())) {
                LoadedFile.Candidate first = byObject.putIfAbsent(c.object().name(), c);
                if (first != null) {
                    throw new ConflictingBaselines(c.object().name(), first.path().toString(), c.path().toString());
                }
            }
        }
    }

    /**
     * One input of a check: a candidate, or a debug file (given as one, or recognised as one among the candidates,
     * {@link DebugFile#isDebugOnly}), or a {@code .build-id} folder. A bad candidate or debug file given directly
     * throws, naming it; a bad debug file found in a package or tree is {@link LoadedFile.Unusable}, a warning.
     */
    private static LoadedFile readInput(CandidateInput input) {
        return switch (input.kind()) {
            case BUILD_ID_FOLDER -> new LoadedFile.DebugFolder(input.path());
            case BTF_BASE -> {
                try {
                    yield new LoadedFile.Base(input.path(), btfBase(input.path(), input.reported(), FOUND_BASE));
                } catch (MalformedInputException e) {
                    yield new LoadedFile.Unusable(input.path(), e.getMessage());
                }
            }
            case DEBUG_FILE -> {
                try {
                    yield new LoadedFile.Debug(input.path(), DebugFile.read(input.path(), input.reported()));
                } catch (MalformedInputException e) {
                    if (input.origin().isEmpty()) {
                        throw e;
                    }
                    yield new LoadedFile.Unusable(input.path(), e.getMessage());
                }
            }
            case OBJECT -> {
                if (SystemMapReader.isSystemMap(input.path())) { // a vmlinux known only from its map: no ELF to open
                    yield new LoadedFile.Candidate(input.path(), KernelObjectReader.read(input.path()));
                }
                if (BtfFiles.isRaw(input.path())) { // a copy of /sys/kernel/btf/vmlinux: a base, not a candidate
                    yield new LoadedFile.Base(input.path(), btfBase(input.path(), input.reported(), RAW_CANDIDATE));
                }
                ElfImage image = ElfImage.open(input.path());
                if (isVmlinuz(image)) { // its vmlinux has .BTF but no .symtab: a base, not a candidate
                    yield new LoadedFile.Base(input.path(), btfBase(input.path(), image, input.reported() + " (" + VMLINUZ_CANDIDATE + ")"), true);
                }
                yield DebugFile.isDebugOnly(image)
                        ? new LoadedFile.Debug(input.path(), DebugFile.of(input.path(), input.reported(), image))
                        : new LoadedFile.Candidate(input.path(), KernelObjectReader.read(input.path(), image));
            }
        };
    }

    /**
     * {@code read} (files read for the window) with Debian's {@code -dbg} copies of a candidate's build turned into its
     * debug files ({@link DebugCopies}); {@code loaded}: the candidates already there.
     */
    public static List<LoadedFile> pairDebugCopies(List<LoadedFile> read, Collection<KernelObject> loaded) {
        return DebugCopies.pair(read, loaded);
    }

    /** The debug files and {@code .build-id} folders among files read. */
    public static DebugSources debugSources(List<? extends LoadedFile> read) {
        List<DebugFile> files = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        for (LoadedFile f : read) {
            if (f instanceof LoadedFile.Debug d) {
                files.add(d.file());
            } else if (f instanceof LoadedFile.DebugFolder d) {
                folders.add(d.path());
            }
        }
        return new DebugSources(files, folders);
    }

    private static ExecutorService readers(int tasks) {
        return Executors.newFixedThreadPool(Math.max(1, Math.min(tasks, Runtime.getRuntime().availableProcessors())), r -> {
            Thread t = new Thread(r, "klpscope-reader");
            t.setDaemon(true);
            return t;
        });
    }

    /** A file extracted into the cache is reported as where it came from, never by its cache path. */
    private static KernelObject reported(KernelObject read, CandidateInput input) {
        return input.origin().map(read::reportedAs).orElse(read);
    }

    private static final long SMALL_INPUTS_BYTES = 4L << 20;

    /** Total size under 4 MiB (every sample and typical module; not a vmlinux): read on the calling thread. */
    private static boolean smallInputs(Path patch, List<CandidateInput> files) {
        long total = 0;
        try {
            total += java.nio.file.Files.size(patch);
            for (CandidateInput f : files) {
                total += java.nio.file.Files.size(f.path());
            }
        } catch (java.io.IOException | SecurityException e) {
            return false; // the reader names the file and says what is wrong with it
        }
        return total < SMALL_INPUTS_BYTES;
    }

    /** {@link #inspect(CheckRequest, Progress)} of files named directly, with the loader its vermagic names. */
    public static Inspection inspect(Path patch, List<Path> candidates, List<Path> baselines) {
        return inspect(CheckRequest.of(patch, candidates, baselines), Progress.NONE);
    }

    /** As above, judged by {@code loader} ({@code --loader}). */
    public static Inspection inspect(Path patch, List<Path> candidates, List<Path> baselines, Optional<KernelVersion> loader) {
        return inspect(CheckRequest.of(patch, candidates, baselines).withLoader(loader), Progress.NONE);
    }

    /** As above, with {@code --require-all-objects}. */
    public static Inspection inspect(Path patch, List<Path> candidates, List<Path> baselines, Optional<KernelVersion> loader,
                                     boolean requireAllObjects) {
        return inspect(CheckRequest.of(patch, candidates, baselines).withLoader(loader)
                .withRequireAllObjects(requireAllObjects), Progress.NONE);
    }

    /** {@code --btf-base}: the vmlinux BTF (raw, or a vmlinux) module candidates' split BTF is read on. */
    public static List<BtfBase> btfBases(Optional<Path> btfBase) {
        return btfBase.map(p -> btfBase(p, p.toString(), "--btf-base")).map(List::of).orElse(List.of());
    }

    static final String RAW_CANDIDATE = "raw BTF given as a candidate";
    static final String VMLINUZ_CANDIDATE = "vmlinux read from the bzImage, given as a candidate";

    /** A vmlinuz whose vmlinux the build stripped (arch/x86/boot/compressed/Makefile, objcopy -S): its BTF serves. */
    static boolean isVmlinuz(ElfImage image) {
        return image.bzImage().isPresent() && image.symbolTableSection().isEmpty() && BtfFiles.has(image);
    }
    static final String FOUND_BASE = "vmlinux found for its release";

    /**
     * A base BTF file ({@link BtfFiles#base}), described in reports as {@code name (how)} ({@code how}: how it was
     * given or found; a vmlinux read from a bzImage says so there too), with the release a vmlinux's banner or a
     * vmlinuz's setup header names (a raw BTF file names none), so that a base of another release than a module's is
     * said and not used.
     */
    public static BtfBase btfBase(Path path, String name, String how) {
        if (BtfFiles.isRaw(path)) {
            return new BtfBase(BtfFiles.raw(path), Optional.empty(), name + " (" + how + ")");
        }
        ElfImage image;
        try {
            image = ElfImage.open(path);
        } catch (MalformedInputException e) {
            BtfFiles.base(path); // says what a base is, naming the file
            throw e;
        }
        String read = image.bzImage().isPresent() ? "; " + dev.klpscope.elf.BzImage.READ_FROM : "";
        return btfBase(path, image, name + " (" + how + read + ")");
    }

    private static BtfBase btfBase(Path path, ElfImage image, String described) {
        dev.klpscope.module.types.Btf btf = BtfFiles.of(image, null).orElseGet(() -> BtfFiles.base(path));
        return new BtfBase(btf, releaseOf(path, image), described);
    }

    /** A vmlinuz's from its setup header, a vmlinux's from its banner; none where the file does not say. */
    private static Optional<String> releaseOf(Path path, ElfImage image) {
        if (image.bzImage().isPresent()) {
            return image.bzImage().get().release();
        }
        try {
            return KernelObjectReader.read(path, image).release();
        } catch (MalformedInputException e) {
            return Optional.empty(); // no symbols to find the banner by: a base of no known release
        }
    }

    /** As above, with {@code --btf-base}. */
    public static Inspection inspect(Path patch, List<Path> candidates, List<Path> baselines, Optional<KernelVersion> loader,
                                     boolean requireAllObjects, Optional<Path> btfBase) {
        return inspect(CheckRequest.of(patch, candidates, baselines).withLoader(loader)
                .withRequireAllObjects(requireAllObjects).withBtfBase(btfBase), Progress.NONE);
    }

    /**
     * Inspects files already read; {@code baselinePaths} are the candidates the user chose as baselines, {@code btfBases}
     * what {@link #btfBases} read, {@code signatures} {@code --sig-enforce} and {@code --lockdown}. Each candidate's
     * origin is stamped on its {@link CandidateInfo}: the analysis does not know about packages.
     */
    public static Inspection inspect(Livepatch patch, List<LoadedFile.Candidate> candidates, Collection<String> baselinePaths,
                                     boolean requireAllObjects, List<BtfBase> btfBases, SignatureSettings signatures) {
        return inspect(patch, candidates, baselinePaths, requireAllObjects, btfBases, signatures, DebugFiles.NONE);
    }

    /** As above; {@code debugFiles}: the debug files paired with the candidates ({@link DebugSources#pair}). */
    public static Inspection inspect(Livepatch patch, List<LoadedFile.Candidate> candidates, Collection<String> baselinePaths,
                                     boolean requireAllObjects, List<BtfBase> btfBases, SignatureSettings signatures,
                                     DebugFiles debugFiles) {
        Inspection in = Inspector.inspect(patch, candidates.stream().map(LoadedFile.Candidate::object).toList(),
                baselinePaths, requireAllObjects, btfBases, debugFiles, signatures);
        Map<String, String> origins = new LinkedHashMap<>();
        candidates.forEach(c -> c.origin().ifPresent(o -> origins.put(c.object().path(), o)));
        if (origins.isEmpty()) {
            return in;
        }
        List<CandidateInfo> infos = in.candidates().stream()
                .map(c -> origins.containsKey(c.path()) ? c.withOrigin(origins.get(c.path())) : c).toList();
        return new Inspection(in.toolVersion(), in.patch(), infos, in.targets(), in.summary());
    }

    /**
     * Reads the file given as the patch. One that is not a livepatch is bad input, said with its name; the same rule
     * as {@link #classify}.
     */
    public static Livepatch readPatch(Path path, Optional<KernelVersion> loader) {
        KernelObject module = KernelObjectReader.read(path);
        return LivepatchReader.read(module, rules(loader, module));
    }

    /** Re-judges a patch already read by another loader (the window's loader setting changed): no file is read. */
    public static Livepatch rejudge(Livepatch patch, Optional<KernelVersion> loader) {
        return LivepatchReader.read(patch.module(), rules(loader, patch.module()));
    }

    /**
     * Reads a file once and sorts it: a livepatch (as {@link LivepatchReader#readIfLivepatch} decides), a candidate
     * (any other module, or a vmlinux), or unusable with one line naming the file. Never throws for a bad file.
     */
    public static LoadedFile classify(Path path, Optional<KernelVersion> loader) {
        try {
            if (SystemMapReader.isSystemMap(path)) { // a vmlinux known only from its map: no ELF to open
                return new LoadedFile.Candidate(path, KernelObjectReader.read(path));
            }
            if (BtfFiles.isRaw(path)) {
                return new LoadedFile.Base(path, btfBase(path, path.toString(), RAW_CANDIDATE));
            }
            ElfImage image = ElfImage.open(path);
            if (isVmlinuz(image)) {
                return new LoadedFile.Base(path, btfBase(path, image, path + " (" + VMLINUZ_CANDIDATE + ")"), true);
            }
            if (DebugFile.isDebugOnly(image)) {
                return new LoadedFile.Debug(path, DebugFile.of(path, path.toString(), image));
            }
            KernelObject object = KernelObjectReader.read(path, image);
            if (object.kind() == ObjectKind.VMLINUX && !LivepatchReader.marked(object)) {
                return new LoadedFile.Candidate(path, object);
            }
            Optional<Livepatch> lp = LivepatchReader.readIfLivepatch(object, rules(loader, object));
            return lp.<LoadedFile>map(p -> new LoadedFile.Patch(path, p)).orElseGet(() -> new LoadedFile.Candidate(path, object));
        } catch (MalformedInputException e) {
            return new LoadedFile.Unusable(path, e.getMessage());
        } catch (RuntimeException e) {
            // A reader bug must not take the window down: name the file and keep going.
            return new LoadedFile.Unusable(path, path + ": could not be read (" + e + ")");
        }
    }

    /**
     * {@link #classify} of a candidate found in a package or tree: reported where it came from (never by its cache
     * path), with that origin; a livepatch among them is unusable, as kernel packages hold none.
     */
    public static LoadedFile classify(CandidateInput input, Optional<KernelVersion> loader) {
        if (input.kind() != CandidateInput.Kind.OBJECT) {
            try {
                return readInput(input);
            } catch (MalformedInputException e) {
                return new LoadedFile.Unusable(input.path(), e.getMessage());
            }
        }
        LoadedFile f = classify(input.path(), loader);
        if (f instanceof LoadedFile.Debug d && input.origin().isPresent()) {
            return new LoadedFile.Debug(d.path(), new DebugFile(d.file().file(), input.origin().get(), d.file().buildId()));
        }
        if (f instanceof LoadedFile.Candidate c && input.origin().isPresent()) {
            String where = input.origin().get();
            return new LoadedFile.Candidate(Path.of(where), c.object().reportedAs(where), input.origin());
        }
        return f instanceof LoadedFile.Patch ? new LoadedFile.Unusable(input.path(), input.origin().orElse(input.path()
                .toString()) + ": is a livepatch, not a kernel object") : f;
    }

    /** {@link #classify} of several files in order, reporting each; stops between files when the thread is interrupted. */
    public static List<LoadedFile> classify(List<Path> paths, Optional<KernelVersion> loader, Progress progress) {
        List<LoadedFile> out = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("cancelled after " + count(i, "file"));
            }
            progress.update("Reading " + paths.get(i).getFileName() + "…", (double) i / paths.size());
            out.add(classify(paths.get(i), loader));
        }
        progress.update("Read " + count(paths.size(), "file"), 1);
        return out;
    }

    private static KernelRules rules(Optional<KernelVersion> loader, KernelObject module) {
        return loader.map(KernelRules::chosen).orElseGet(() -> KernelRules.of(module));
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("cancelled while reading");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new CompletionException(cause);
        }
    }

    public static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
