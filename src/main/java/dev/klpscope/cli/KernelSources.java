package dev.klpscope.cli;

import dev.klpscope.livepatch.LivepatchReader;
import dev.klpscope.load.CandidateInput;
import dev.klpscope.load.KernelCandidates;
import dev.klpscope.module.KernelVersion;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code check --kernels PATH...}: packages, installed trees and build folders expanded into candidate files of the
 * objects the patch names ({@link KernelCandidates}, as the window does); each source that gives nothing is one
 * warning line, and the others are still checked.
 */
final class KernelSources {

    private KernelSources() {
    }

    static List<CandidateInput> candidates(Path patch, Optional<KernelVersion> loader, List<Path> sources, boolean noCache,
                                 PrintWriter err) {
        if (sources.isEmpty()) {
            return List.of();
        }
        KernelCandidates found = KernelCandidates.find(LivepatchReader.read(patch, loader).objects(), sources, noCache);
        found.problems().forEach(p -> err.println("klpscope: warning: " + p));
        err.flush();
        return found.candidates();
    }
}
