package dev.klpscope.kernels;

import dev.klpscope.elf.MalformedInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One package ({@code .deb} or {@code .rpm}) read for the objects a patch names: from the cache when an earlier
 * clean scan recorded the package's members and every wanted one has a verified copy, else by streaming the
 * package once, copying out only the wanted members.
 *
 * <p>Members are never written under their own names: a copy goes to the cache under a key derived from the
 * member's path, so a member whose path escapes the package ({@code ../}, absolute) or is a link can never place a
 * file outside the cache; such members are refused with a line naming them all the same, because a kernel package
 * never has them. A member present twice is refused (which copy would the user's system have?).
 */
final class PackageScan implements EntryVisitor {

    /** ElfImage reads at most 2 GiB; a larger member is refused before it is copied. */
    static final long MAX_MEMBER = 2L << 30;
    /** Lines of the same kind per package beyond which only a count is given. */
    private static final int MAX_LINES = 10;

    private final String file;
    private final Origin origin;
    private final Set<String> wanted;
    private final ObjectCache.Entry entry;
    private final List<String> objectMembers = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private final Map<String, Hit> hits = new LinkedHashMap<>();
    private final Map<String, Integer> problemCounts = new HashMap<>();
    private final SourceResult result;

    private PackageScan(Path pkg, Origin origin, Set<String> wanted, ObjectCache.Entry entry) {
        this.file = pkg.toString();
        this.result = new SourceResult(file);
        this.origin = origin;
        this.wanted = wanted;
        this.entry = entry;
    }

    /** Reads {@code pkg}; every problem becomes a line of the result, never an exception. */
    static SourceResult read(Path pkg, Origin origin, Set<String> wanted, ObjectCache cache) {
        String file = pkg.toString();
        try {
            ObjectCache.Entry entry = cache.entryFor(pkg);
            Optional<SourceResult> fromIndex = fromIndex(pkg, origin, wanted, entry);
            if (fromIndex.isPresent()) {
                return fromIndex.get();
            }
            PackageScan scan = new PackageScan(pkg, origin, wanted, entry);
            long size = Files.size(pkg);
            try (InputStream in = Files.newInputStream(pkg)) {
                if (origin instanceof Origin.RpmPackage) {
                    RpmReader.read(in, size, file, scan);
                } else {
                    DebReader.read(in, size, file, scan);
                }
            }
            return scan.finish();
        } catch (MalformedInputException e) {
            return failed(file, e.problem() + e.offset().stream().mapToObj(o -> String.format(" (at offset 0x%x)", o))
                    .findFirst().orElse(""));
        } catch (IOException e) {
            return failed(file, "cannot be read as a ." + origin.kind() + " package: " + describe(e));
        } catch (java.util.concurrent.CancellationException e) {
            throw e;
        } catch (OutOfMemoryError e) {
            return failed(file, "needs more memory than is available to read it");
        } catch (RuntimeException e) {
            // Commons Compress signals some corrupt archives with unchecked exceptions (IllegalArgumentException
            // on a bad header field, ArithmeticException on a size overflow): still bad input, one line.
            return failed(file, "corrupt ." + origin.kind() + " package: " + describe(e));
        }
    }

    private static SourceResult failed(String file, String message) {
        SourceResult r = new SourceResult(file);
        r.problems.add(SourceProblem.of(file, message));
        return r;
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase() : m;
    }

    /** The result without reading the package, when its recorded members and verified copies suffice. */
    private static Optional<SourceResult> fromIndex(Path pkg, Origin origin, Set<String> wanted, ObjectCache.Entry entry) {
        Optional<List<String>> index = entry.index();
        if (index.isEmpty()) {
            return Optional.empty();
        }
        SourceResult result = new SourceResult(pkg.toString());
        for (String member : index.get()) {
            MemberPath.release(member).ifPresent(result.releasesSeen::add);
            Optional<MemberPath.Match> match = MemberPath.match(member, wanted);
            if (match.isEmpty()) {
                continue;
            }
            Optional<Path> copy = entry.cached(member);
            if (copy.isEmpty()) {
                return Optional.empty();
            }
            result.hits.add(hit(match.get(), copy.get(), origin, member));
        }
        return Optional.of(result);
    }

    private static Hit hit(MemberPath.Match match, Path copy, Origin origin, String member) {
        return new Hit(new FoundObject(match.object(), copy, origin, Optional.of(member), match.debug()), match.release());
    }

    @Override
    public void visit(ArchiveEntry archived, InputStream contents) throws IOException {
        KernelBuilds.stopIfInterrupted();
        Optional<String> normalized = MemberPath.normalize(archived.name());
        if (normalized.isEmpty()) {
            problem("escape", archived.name(), "path escapes the package (absolute or ..); skipped");
            return;
        }
        String member = normalized.get();
        if (member.isEmpty() || archived.type() == ArchiveEntry.Type.DIRECTORY) {
            return;
        }
        String fileName = member.substring(member.lastIndexOf('/') + 1);
        boolean objectLike = MemberPath.isObjectName(fileName);
        if (!seen.add(member)) {
            if (objectLike) {
                problem("duplicate", member, "appears twice in the package; neither copy is used");
                hits.remove(member);
            }
            return;
        }
        Optional<MemberPath.Match> match = MemberPath.match(member, wanted);
        if (archived.type() == ArchiveEntry.Type.LINK) {
            if (match.isPresent() && !MemberPath.isSystemMap(fileName) && !MemberPath.isSymvers(fileName)
                    && !fileName.equals(MemberPath.VMLINUX)) {
                // a map or symvers link points at the file the package holds too (SUSE's /boot/System.map), and so
                // does Debian's -dbg usr/lib/debug/lib/modules/R/vmlinux (at usr/lib/debug/boot/vmlinux-R)
                problem("link", member, "is a link (to " + archived.linkTarget() + "); links are not followed");
            }
            return;
        }
        if (archived.type() != ArchiveEntry.Type.FILE) {
            return;
        }
        if (objectLike) {
            objectMembers.add(member);
            MemberPath.release(member).ifPresent(result.releasesSeen::add);
        }
        if (match.isEmpty()) {
            return;
        }
        if (archived.size() > MAX_MEMBER) {
            problem("size", member, "is larger than " + (MAX_MEMBER >> 20) + " MiB, more than klpscope reads; skipped");
            return;
        }
        Optional<Path> copy = entry.cached(member);
        Path path = copy.isPresent() ? copy.get() : entry.store(member, contents, MAX_MEMBER, file);
        hits.put(member, hit(match.get(), path, origin, member));
    }

    private void problem(String kind, String member, String message) {
        int n = problemCounts.merge(kind, 1, Integer::sum);
        if (n <= MAX_LINES) {
            result.problems.add(SourceProblem.at(file, member, message));
        }
    }

    private SourceResult finish() throws IOException {
        problemCounts.forEach((kind, n) -> {
            if (n > MAX_LINES) {
                result.problems.add(SourceProblem.of(file, (n - MAX_LINES) + " more members like the above (" + kind + ")"));
            }
        });
        result.hits.addAll(hits.values());
        if (result.problems.isEmpty()) {
            // Only a clean scan is remembered: a package with problems is read again, and says them again.
            entry.writeIndex(objectMembers);
        }
        return result;
    }
}
