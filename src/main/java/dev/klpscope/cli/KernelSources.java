package dev.klpscope.cli;

import dev.klpscope.kernels.Discovery;
import dev.klpscope.kernels.KernelBuilds;
import dev.klpscope.kernels.ObjectCache;
import dev.klpscope.kernels.SourceProblem;
import dev.klpscope.livepatch.LivepatchReader;
import dev.klpscope.load.CandidateInput;
import dev.klpscope.report.ReportedPath;
import dev.klpscope.module.KernelVersion;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * {@code check --kernels PATH...}: packages, installed trees and build folders expanded into candidate files of the
 * objects the patch names ({@link KernelBuilds}); each source that gives nothing is one warning line, and the others
 * are still checked.
 */
final class KernelSources {

    private KernelSources() {
    }

    static List<CandidateInput> candidates(Path patch, Optional<KernelVersion> loader, List<Path> sources, boolean noCache,
                                 PrintWriter err) {
        if (sources.isEmpty()) {
            return List.of();
        }
        List<String> objects = LivepatchReader.read(patch, loader).objects();
        Discovery found = KernelBuilds.find(sources, new LinkedHashSet<>(objects),
                noCache ? ObjectCache.none() : ObjectCache.userDefault());
        for (SourceProblem p : found.problems()) {
            err.println("klpscope: warning: " + p.line());
        }
        err.flush();
        // A copy extracted from a package is read from the cache and reported as PACKAGE:MEMBER; a file found in a
        // tree or folder is itself.
        return found.builds().stream().flatMap(b -> b.objects().values().stream())
                .map(f -> f.member().map(m -> CandidateInput.from(f.file(), ReportedPath.of(f.origin().path()) + ":" + m))
                        .orElseGet(() -> CandidateInput.of(ReportedPath.of(f.file())))).toList();
    }
}
