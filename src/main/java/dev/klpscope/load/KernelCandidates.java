package dev.klpscope.load;

import dev.klpscope.kernels.Discovery;
import dev.klpscope.kernels.FoundObject;
import dev.klpscope.kernels.KernelBuilds;
import dev.klpscope.kernels.ObjectCache;
import dev.klpscope.kernels.SourceProblem;
import dev.klpscope.kernels.SourceProgress;
import dev.klpscope.report.ReportedPath;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import dev.klpscope.module.KernelVersion;

/**
 * Kernel packages, installed trees and build folders expanded into the candidate files of the objects a patch names
 * ({@link KernelBuilds}), for both front ends ({@code check --kernels}, a drop on the window): a copy extracted from a
 * package is read from the cache and reported as {@code PACKAGE:MEMBER}, a file found in a tree or folder is itself.
 *
 * @param candidates the files to read, with their origin
 * @param problems   one line per source or member that gave nothing usable; the others are still candidates
 */
public record KernelCandidates(List<CandidateInput> candidates, List<String> problems) {

    public KernelCandidates {
        candidates = List.copyOf(candidates);
        problems = List.copyOf(problems);
    }

    /** How a patch names vmlinux; a release's vmlinux found for a patch that does not patch it is a BTF base. */
    static final String VMLINUX = "vmlinux";

    /** A folder or a package by its name ({@code .deb}, {@code .ddeb}, {@code .rpm}): searched, never read as an object. */
    public static boolean isSource(Path path) {
        return Files.isDirectory(path) || Files.isRegularFile(path) && KernelBuilds.packageKind(path).isPresent();
    }

    /** Searches {@code sources} for {@code objects} (the patch's); never throws for bad input. */
    public static KernelCandidates find(Collection<String> objects, List<Path> sources, boolean noCache) {
        return find(objects, sources, noCache, Progress.NONE);
    }

    /**
     * {@link #find(Collection, List, boolean)} saying which folder or package it reads ("Reading PACKAGE (3 of 12)…");
     * stops within the package being read when the thread is interrupted ({@link CancellationException}).
     */
    public static KernelCandidates find(Collection<String> objects, List<Path> sources, boolean noCache, Progress progress) {
        if (sources.isEmpty()) {
            return new KernelCandidates(List.of(), List.of());
        }
        Discovery found = KernelBuilds.find(sources, new LinkedHashSet<>(objects),
                noCache ? ObjectCache.none() : ObjectCache.userDefault(), sourceProgress(progress));
        List<CandidateInput> inputs = new ArrayList<>();
        found.builds().stream().flatMap(b -> b.objects().values().stream())
                .map(f -> input(f, CandidateInput.Kind.OBJECT)).forEach(inputs::add);
        found.bases().stream().map(f -> input(f, CandidateInput.Kind.BTF_BASE)).forEach(inputs::add);
        found.debugFiles().stream().map(f -> input(f, CandidateInput.Kind.DEBUG_FILE)).forEach(inputs::add);
        found.buildIdFolders().stream().map(d -> new CandidateInput(ReportedPath.of(d), Optional.empty(),
                CandidateInput.Kind.BUILD_ID_FOLDER)).forEach(inputs::add);
        return new KernelCandidates(inputs, found.problems().stream().map(SourceProblem::line).toList());
    }

    /** A package member is read from its cache copy and reported as {@code PACKAGE:MEMBER}; a file is itself. */
    private static CandidateInput input(FoundObject f, CandidateInput.Kind kind) {
        return f.member().map(m -> new CandidateInput(f.file(), Optional.of(ReportedPath.of(f.origin().path()) + ":" + m), kind))
                .orElseGet(() -> new CandidateInput(ReportedPath.of(f.file()), Optional.empty(), kind));
    }

    /** Folders and packages as progress lines; the fraction is the share of packages done. */
    static SourceProgress sourceProgress(Progress progress) {
        AtomicInteger done = new AtomicInteger();
        return new SourceProgress() {
            @Override
            public void started(Path source, int number, int total) {
                boolean folder = Files.isDirectory(source);
                progress.update((folder ? "Searching " : "Reading ") + source.getFileName() + " (" + number + " of "
                        + total + ")…", folder ? -1 : (double) done.get() / total);
            }

            @Override
            public void done(Path source, int number, int total) {
                if (!Files.isDirectory(source)) {
                    done.incrementAndGet();
                }
            }
        };
    }

    /** Reads each candidate found ({@link Loading#classify(CandidateInput, Optional)}); stops between files when interrupted. */
    public List<LoadedFile> read(Optional<KernelVersion> loader, Progress progress) {
        List<LoadedFile> out = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("cancelled after " + Loading.count(i, "kernel object"));
            }
            CandidateInput c = candidates.get(i);
            progress.update("Reading " + c.reported() + "…", (double) i / candidates.size());
            out.add(Loading.classify(c, loader));
        }
        return out;
    }
}
