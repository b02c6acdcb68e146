package dev.klpscope.ui.model;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.CandidateSymbol;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.LoadOrder;
import dev.klpscope.check.PatchInfo;
import dev.klpscope.check.Role;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Site;
import dev.klpscope.check.Summary;
import dev.klpscope.check.Target;
import dev.klpscope.check.TargetKind;
import dev.klpscope.check.Verdict;
import dev.klpscope.livepatch.lint.KernelRules;
import dev.klpscope.module.KernelVersion;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A SYNTHETIC result of realistic size for the window's responsiveness tests (issue 6): built directly from the
 * check package's records, not from any real kernel. Names look like kernel symbols; verdicts are a seeded mix of
 * severities (mostly ok, some of every other kind). No such patch exists: it only gives the tree its rows.
 */
public final class SyntheticInspection {

    public static final String PATCH_NAME = "synthetic_lp";

    private static final String[] PREFIX = {"ext4", "xfs", "tcp", "udp", "sched", "mm", "kvm", "nf", "bpf", "blk", "dev",
            "sock", "vfs", "page", "inode", "dentry", "irq", "rcu", "cgroup", "netlink"};
    private static final String[] VERB = {"alloc", "free", "init", "release", "lookup", "update", "flush", "commit", "read",
            "write", "map", "unmap", "get", "put", "queue", "handle"};
    private static final String[] NOUN = {"buffer", "entry", "node", "page", "lock", "work", "request", "table", "state",
            "cache", "ctx", "desc"};

    private SyntheticInspection() {
    }

    /**
     * @param targets    how many targets: nine in ten in vmlinux, the rest in ext4
     * @param candidates how many candidate columns: all but two are vmlinux builds, two are ext4 builds
     */
    public static Inspection of(int targets, int candidates) {
        Random random = new Random(6);
        int vmlinuxBuilds = Math.max(1, candidates - 2);
        List<CandidateInfo> infos = new ArrayList<>();
        for (int c = 0; c < candidates; c++) {
            boolean vmlinux = c < vmlinuxBuilds;
            int abi = 50 + (vmlinux ? c : c - vmlinuxBuilds);
            String object = vmlinux ? "vmlinux" : "ext4";
            String path = vmlinux ? "synthetic/vmlinux-6.1.0-" + abi + "-amd64"
                    : "synthetic/6.1.0-" + abi + "-amd64/ext4.ko";
            String build = String.format("%040x", new java.math.BigInteger(160, random));
            infos.add(new CandidateInfo(path, object, vmlinux ? "vmlinux" : "module",
                    vmlinux ? "" : "6.1.0-" + abi + "-amd64 SMP preempt mod_unload modversions",
                    vmlinux ? "" : String.format("%023X", random.nextLong() & Long.MAX_VALUE), build, false, "none",
                    c == 0 || c == vmlinuxBuilds, c == 0 || c == vmlinuxBuilds ? "synthetic baseline" : "", List.of()));
        }
        List<Target> out = new ArrayList<>(targets);
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        int functions = 0;
        int variables = 0;
        int unknown = 0;
        int breaking = 0;
        int combos = PREFIX.length * VERB.length * NOUN.length;
        for (int i = 0; i < targets; i++) {
            boolean inVmlinux = i % 10 != 9;
            String object = inVmlinux ? "vmlinux" : "ext4";
            int k = i % combos;
            String symbol = (inVmlinux ? PREFIX[k % PREFIX.length] : "ext4") + "_" + VERB[(k / PREFIX.length) % VERB.length]
                    + "_" + NOUN[(k / PREFIX.length / VERB.length) % NOUN.length] + (i >= combos ? "_" + i / combos : "");
            int r = random.nextInt(100);
            TargetKind kind = r < 70 ? TargetKind.FUNCTION : r < 95 ? TargetKind.VARIABLE : TargetKind.UNKNOWN;
            Role role = random.nextInt(20) == 0 ? Role.PATCHED : Role.REFERENCE;
            long sympos = random.nextInt(8) == 0 ? 1 + random.nextInt(3) : 0;
            List<Site> sites = new ArrayList<>();
            if (role == Role.REFERENCE) {
                int n = 1 + random.nextInt(3);
                for (int s = 0; s < n; s++) {
                    String fn = "livepatch_" + symbol + (s == 0 ? "" : "_" + s);
                    sites.add(new Site(".text." + fn, 0x10L + 8L * random.nextInt(200),
                            kind == TargetKind.VARIABLE ? "R_X86_64_PC32" : "R_X86_64_PLT32", -4, fn,
                            ".klp.rela." + object + "..text." + fn));
                }
            }
            List<Verdict> verdicts = new ArrayList<>();
            for (CandidateInfo c : infos) {
                if (!c.object().equals(object)) {
                    continue;
                }
                Finding f = finding(random, symbol, object, kind, sympos);
                verdicts.add(Verdict.of(c.path(), List.of(f), List.of(new CandidateSymbol((int) Math.max(1, sympos),
                        (int) Math.max(1, sympos), kind == TargetKind.VARIABLE ? "OBJECT" : "FUNC", "LOCAL",
                        16 + random.nextInt(400), kind == TargetKind.VARIABLE ? ".data" : ".text", true))));
                counts.merge(f.severity(), 1, Integer::sum);
            }
            Target t = new Target(object, symbol, sympos, kind, role, sites, verdicts);
            switch (kind) {
                case FUNCTION -> functions++;
                case VARIABLE -> variables++;
                default -> unknown++;
            }
            if (Breaking.is(t)) {
                breaking++;
            }
            out.add(t);
        }
        Severity worst = Severity.OK;
        for (Severity s : counts.keySet()) {
            worst = Severity.worst(worst, s);
        }
        PatchInfo patch = new PatchInfo("synthetic/" + PATCH_NAME + ".ko", PATCH_NAME,
                "6.1.0-57-amd64 SMP preempt mod_unload modversions", "", "", List.of("vmlinux", "ext4"),
                dev.klpscope.livepatch.KlpPatch.NONE, "synthetic", List.of(), KernelRules.of(KernelVersion.fromVermagic("6.1.0-57-amd64")));
        return new Inspection("synthetic", patch, infos, out,
                new Summary(targets, functions, variables, unknown, breaking, 0, 0, counts, worst));
    }

    private static Finding finding(Random random, String name, String object, TargetKind kind, long sympos) {
        int r = random.nextInt(1000);
        if (r < 3) {
            return new Finding.PatchFileProblem("synthetic-crash", Severity.CRASH,
                    "synthetic: calling '" + name + "' through a data pointer oopses", Optional.of("BUG: unable to handle page fault"),
                    "Synthetic finding for the window's performance test.");
        }
        if (r < 15) {
            return new Finding.SymbolMissing(name, object, List.of(name + ".isra.0"), LoadOrder.ANY,
                    "livepatch: symbol '" + name + "' not found in symbol table");
        }
        if (r < 25) {
            return kind == TargetKind.VARIABLE ? new Finding.VariableSizeChanged(name, 64, 72)
                    : new Finding.DifferentEntity(name, Math.max(1, sympos), name + " in fs/a.c", name + " in fs/b.c");
        }
        if (r < 40) {
            return new Finding.PatchedFunctionChanged(name, 120, 136, "baseline");
        }
        if (r < 60) {
            return new Finding.LoadOrderDependent(name, "position 1 of 2", "position 2 of 3");
        }
        if (r < 100) {
            return new Finding.AlreadyContainsFix(name, "livepatch_" + name);
        }
        return new Finding.Resolves(name, object, (int) Math.max(1, sympos), (int) Math.max(1, sympos),
                kind == TargetKind.VARIABLE ? "OBJECT" : "FUNC", 64, kind == TargetKind.VARIABLE ? ".data" : ".text", "",
                LoadOrder.ANY);
    }
}
