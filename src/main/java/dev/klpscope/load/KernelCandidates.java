package dev.klpscope.load;

import dev.klpscope.kernels.Discovery;
import dev.klpscope.kernels.KernelBuilds;
import dev.klpscope.kernels.ObjectCache;
import dev.klpscope.kernels.SourceProblem;
import dev.klpscope.report.ReportedPath;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
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

    /** A folder or a package by its name ({@code .deb}, {@code .ddeb}, {@code .rpm}): searched, never read as an object. */
    public static boolean isSource(Path path) {
        return Files.isDirectory(path) || Files.isRegularFile(path) && KernelBuilds.packageKind(path).isPresent();
    }

    /** Searches {@code sources} for {@code objects} (the patch's); never throws for bad input. */
    public static KernelCandidates find(Collection<String> objects, List<Path> sources, boolean noCache) {
        if (sources.isEmpty()) {
            return new KernelCandidates(List.of(), List.of());
        }
        Discovery found = KernelBuilds.find(sources, new LinkedHashSet<>(objects),
                noCache ? ObjectCache.none() : ObjectCache.userDefault());
        List<CandidateInput> inputs = found.builds().stream().flatMap(b -> b.objects().values().stream())
                .map(f -> f.member().map(m -> CandidateInput.from(f.file(), ReportedPath.of(f.origin().path()) + ":" + m))
                        .orElseGet(() -> CandidateInput.of(ReportedPath.of(f.file())))).toList();
        return new KernelCandidates(inputs, found.problems().stream().map(SourceProblem::line).toList());
    }

    /** Reads each candidate found ({@link Loading#classify(CandidateInput, Optional)}); stops between files when interrupted. */
    public List<LoadedFile> read(Optional<KernelVersion> loader, Progress progress) {
        List<LoadedFile> out = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("cancelled after " + Loading.count(i, "kernel object"));
            }
            CandidateInput c = candidates.get(i);
            progress.update("Reading " + c.origin().orElse(c.path().toString()) + "…", (double) i / candidates.size());
            out.add(Loading.classify(c, loader));
        }
        return out;
    }
}
