#!/usr/bin/env python3
"""Record what Debian's 6.1.0-57-amd64 kernel does with each broken livepatch of samples/broken/cases.tsv
(written by make-broken.py).  Reuses the QEMU harness of samples/kernel/record-verdicts.py (same initramfs
/init, same boot and console parsing); the scenario recording is untouched.

Each case is loaded once, target first (foo v1 for the seed-based cases; vmlinux cases have no target),
and gets one outcome:
  rejected   the module loader refused the file (insmod failed, no livepatch message)
  refused    the module loaded far enough for livepatch to refuse it (a livepatch: error, or not enabled)
  oops       the kernel oopsed (oops=panic ends the boot; the next cases run in a new boot)
  unapplied  loaded and enabled, but a .klp.sym.* of the patch is 0 in /proc/kallsyms or the probe value
             differs from the healthy sample's
  loaded     loaded, enabled, everything resolved, probe as the healthy sample's
A boot that dies before the first case, or a case ending in "Oops: int3" (QEMU TCG and the kernel's text
patching, not the case), is booted again, at most twice per case; the log keeps the thrown-away boots.
Writes samples/broken/kernel-behaviour.tsv and samples/broken/kernel-log/broken.log.

--kernel-version SHORT records on another kernel of samples/kernels/kernels.tsv (6.12, 7.3): the cases of
samples/broken/<short>/cases.tsv (make-broken.py --kernel SHORT), booting that kernel (downloaded and unpacked
by samples/kernels/kernels.sh unless --kernel names a vmlinuz), written to samples/broken/<short>/
kernel-behaviour.tsv and samples/broken/<short>/kernel-log/broken.log.  --healthy loads the two unbroken base
samples instead (seed_lp1 after foo v1, vmlinux_lp) and writes kernel-log/healthy.tsv and healthy.log: the
probe values HEALTHY below holds for that kernel come from there.
Usage: samples/broken/record-broken.py [--kernel-version SHORT] [--kernel VMLINUZ] [--healthy] [--only CASE...]
"""
import argparse
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.dirname(HERE)
_spec = importlib.util.spec_from_file_location("record_verdicts", os.path.join(SAMPLES, "kernel", "record-verdicts.py"))
rv = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rv)
# the loader's own messages for broken files, besides those the scenario recording keeps
rv.DECISIVE = re.compile(rv.DECISIVE.pattern + r"|Unknown rela relocation|Invalid ELF|ELF Spec|empty section name|"
                         r"Skipping invalid relocation|PKCS#7|signature|version magic|not marked|incorrectly formatted|"
                         r"invalid access|overflow in relocation|Bad message|No module found|no symbols|Kernel panic|"
                         r"Unable to handle|page fault|RIP:|"
                         # 6.12 and 7.3's ELF checks (elf_validity_cache_*)
                         r"must exist|must occupy memory|must match the kernel|out of bounds|leading NUL|"
                         r"NUL terminated|section name table|"
                         # simplify_symbols (all three)
                         r"invalid section index")

# the healthy samples' probe values per kernel (6.1: samples/kernel-verdicts.tsv, target-first rows; the others:
# samples/broken/<short>/kernel-log/healthy.tsv, recorded with --healthy). The vmlinux_lp of 6.12 and 7.3 reads
# mm_slots_hash,2 (mm/ksm.c's) where 6.1's reads pmus,2: their vmlinux has one pmus only (klp-convert-<short>.spec).
HEALTHY_BY_KERNEL = {
    "6.1": {"seed/seed_lp1.ko": "a=41 c=2",
            "vmlinux/vmlinux_lp.ko": "vmlinux_lp: core_pattern=core pmus,2=ffffffff833171e0 first_word=0"},
    "6.12": {"seed/seed_lp1.ko": "a=41 c=2",
             "vmlinux/vmlinux_lp.ko": "vmlinux_lp: core_pattern=core mm_slots_hash,2=ffffffff83828c40 first_word=0"},
    "7.3": {"seed/seed_lp1.ko": "a=41 c=2",
            "vmlinux/vmlinux_lp.ko": "vmlinux_lp: core_pattern=core mm_slots_hash,2=ffffffff84077760 first_word=0"},
}
HEALTHY = HEALTHY_BY_KERNEL["6.1"]
BASE_NAME = {"seed/seed_lp1.ko": "seed_lp1", "vmlinux/vmlinux_lp.ko": "vmlinux_lp"}
COLUMNS = ("case", "patch", "candidate", "check", "patch_loaded", "enabled", "outcome", "kernel_message", "observed")


class BrokenUnit:
    def __init__(self, idx, row):
        self.idx = idx
        self.row = row
        self.scenario = row["case"]
        self.patch = row["patch"]
        self.candidate = row["candidate"]
        self.order = "target-first"
        self.is_module = self.candidate.endswith(".ko")
        self.base = "seed/seed_lp1.ko" if self.is_module else "vmlinux/vmlinux_lp.ko"
        # the file may be too broken to read its .modinfo: its name is the sample's it was derived from
        self.patch_name = BASE_NAME[self.base]
        self.target_name = "foo" if self.is_module else "-"
        self.notes = []
        lines = ["row %d target-first" % idx]
        self.contents = {}
        for rel in ([self.candidate] if self.is_module else []) + [self.patch]:
            with open(os.path.join(SAMPLES, rel), "rb") as f:
                self.contents[rel] = f.read()
        if self.is_module:
            lines.append("load target foo '%s'" % self.candidate)
            lines.append("load patch %s '%s'" % (self.patch_name, self.patch))
            lines.append("observe foo %s" % self.patch_name)
        else:
            lines.append("load patch %s '%s'" % (self.patch_name, self.patch))
            lines.append("observe - %s /proc/cmdline" % self.patch_name)
        lines.append("cleanup")
        self.plan_lines = lines


def outcome(res):
    u = res.unit
    base = rv.row_of(res)   # scenario patch candidate order patch_loaded target_loaded outcome message observed
    msg, observed = base[7], base[8]
    loaded = res.ins.get("patch", "") in ("rc=0", "already")
    if base[6] == "oops":
        where = "while loading the patch" if "patch" not in res.ins else (
            "when the patched code ran" if res.enabled is not None else "during the patch's insmod")
        return "oops", "oops %s: %s" % (where, msg), observed
    if not loaded:
        klp = [m for _, m in res.msgs if "livepatch" in m]
        return ("refused" if klp else "rejected"), msg, observed
    if res.enabled != "1":
        return "refused", msg, observed
    zero = [l.split()[2] for l in res.ksym if int(l.split()[0], 16) == 0]
    probe = [v for rc, v in res.probe.get(u.target_name if u.is_module else u.patch_name, [])]
    healthy = HEALTHY.get(u.base)     # None while a new kernel's healthy values are being recorded
    differs = bool(probe) and healthy is not None and probe[0] != healthy
    if zero or differs:
        why = []
        if zero:
            why.append("unresolved in /proc/kallsyms: " + ", ".join(zero))
        if differs:
            why.append("probe %s instead of %s" % (probe[0], healthy))
        return "unapplied", (msg + " | " if msg != "-" else "") + "; ".join(why), observed
    return "loaded", msg, observed


# the kernels table is read the way make-broken.py reads it
_mb_spec = importlib.util.spec_from_file_location("make_broken", os.path.join(HERE, "make-broken.py"))
make_broken = importlib.util.module_from_spec(_mb_spec)
_mb_spec.loader.exec_module(make_broken)
kernel_row = make_broken.kernel_row


def healthy_rows(short):
    """The two unbroken samples the cases are derived from, as case rows (check '-')."""
    top = "" if short == "6.1" else "kernels/%s/" % short
    if short == "6.1":
        vml = "vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz"
    else:
        vml = top + "vmlinux/vmlinux-%s.symtab.xz" % kernel_row(short)["release"]
    return [{"case": "healthy-seed", "patch": top + "seed/seed_lp1.ko", "candidate": top + "seed/v1/foo.ko",
             "check": "-"},
            {"case": "healthy-vmlinux", "patch": top + "vmlinux/vmlinux_lp.ko", "candidate": vml, "check": "-"}]


def main():
    global HEALTHY
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cache = os.environ.get("KLP_CACHE", "/var/cache/klpscope")
    ap.add_argument("--kernel-version", "--base", dest="short", default="6.1",
                    help="kernel of samples/kernels/kernels.tsv whose samples and cases to record (default 6.1)")
    ap.add_argument("--kernel", help="vmlinuz to boot (default: the cached image of --kernel-version)")
    ap.add_argument("--busybox", default="/bin/busybox")
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--healthy", action="store_true", help="record the unbroken base samples (kernel-log/healthy.*)")
    ap.add_argument("--out")
    ap.add_argument("--logdir", help="where the console log goes (default: kernel-log/ beside the cases)")
    args = ap.parse_args()
    short = kernel_row(args.short)["short"]
    # 6.1 keeps the top-level files of samples/broken; the other kernels have a folder each
    bdir = HERE if short == "6.1" else os.path.join(HERE, short)
    HEALTHY = HEALTHY_BY_KERNEL.get(short, {})
    if args.kernel is None:
        if short == "6.1":
            args.kernel = os.path.join(cache, "linux-image-6.1.0-57-amd64/boot/vmlinuz-6.1.0-57-amd64")
        else:
            args.kernel = subprocess.run(["bash", os.path.join(SAMPLES, "kernels", "kernels.sh"), "vmlinuz", short],
                                         check=True, stdout=subprocess.PIPE, text=True).stdout.strip()
    if args.out is None:
        args.out = os.path.join(bdir, "kernel-log", "healthy.tsv") if args.healthy else \
            os.path.join(bdir, "kernel-behaviour.tsv")
    print("kernel %s: %s" % (short, args.kernel), file=sys.stderr)

    if args.healthy:
        rows = healthy_rows(short)
        lines = [["case", "patch", "candidate", "check"]] + [[r[k] for k in ("case", "patch", "candidate", "check")]
                                                             for r in rows]
    else:
        with open(os.path.join(bdir, "cases.tsv")) as f:
            lines = [l.rstrip("\n").split("\t") for l in f if l.strip()]
        rows = [dict(zip(lines[0], l)) for l in lines[1:]]
    if args.only:
        rows = [r for r in rows if r["case"] in args.only]
    units = [BrokenUnit(i, r) for i, r in enumerate(rows)]
    by_idx = {u.idx: u for u in units}
    results, logs, pending, boots = {}, [], list(units), 0
    t0 = time.time()
    retries = {}        # case index -> boots thrown away for it (QEMU flakes, see record-verdicts.py FLAKE)
    while pending and boots < len(units) + 2 + 2 * rv.MAX_RETRIES:
        boots += 1
        with tempfile.TemporaryDirectory(prefix="klps-broken-") as tmp:
            initrd = os.path.join(tmp, "initrd.gz")
            rv.build_initramfs(pending, initrd, os.path.join(SAMPLES, "kernel", "init"), args.busybox)
            text, timed_out, secs = rv.boot(args.kernel, initrd, os.path.join(tmp, "serial.log"),
                                            timeout=90 + 20 * len(pending))
        logs.append("#### klpscope boot %d: cases %s, %.1f s%s\n%s" % (
            boots, ",".join(u.scenario for u in pending), secs, " (TIMED OUT)" if timed_out else "",
            rv.strip_boot_noise(text)))
        got, _ = rv.parse(text, by_idx)
        # QEMU's own failures (rv.flake) run the case again; rv.settle says what stands
        first = pending[0].idx if not got else max(got)
        got, pending, flake = rv.settle(got, pending, text, retries)
        results.update(got)
        if flake:
            logs[-1] = logs[-1].replace("\n", " (QEMU FLAKE: %s; case %s runs again)\n" % (flake, by_idx[first].scenario), 1)
            print("  boot %d: %.0f s, %s: %s runs again" % (boots, secs, flake, by_idx[first].scenario), file=sys.stderr)
            continue
        print("  boot %d: %.0f s, %d case(s) left" % (boots, secs, len(pending)), file=sys.stderr)

    keep = {}
    if args.only and os.path.exists(args.out):
        with open(args.out) as f:
            old = [l.rstrip("\n").split("\t") for l in f][1:]
        keep = {r[0]: r for r in old if r}
    for u in units:
        res = results.get(u.idx)
        if res is None:
            continue
        oc, msg, observed = outcome(res)
        keep[u.scenario] = [u.scenario, u.patch, u.candidate, u.row["check"],
                            "yes" if res.ins.get("patch") in ("rc=0", "already") else "no",
                            res.enabled or "-", oc, msg.replace("\t", " "), observed.replace("\t", " ")]
    order = {r["case"]: i for i, r in enumerate(dict(zip(lines[0], l)) for l in lines[1:])}
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for r in sorted(keep.values(), key=lambda r: order.get(r[0], 1e9)):
            f.write("\t".join(r) + "\n")
    logdir = args.logdir or os.path.join(bdir, "kernel-log")
    os.makedirs(logdir, exist_ok=True)
    stem = "healthy" if args.healthy else "broken"
    name = stem + ".log" if not args.only else "%s-%s.log" % (stem, "+".join(args.only)[:60])
    with open(os.path.join(logdir, name), "w") as f:
        f.write("\n".join(logs))
    print("wrote %s in %.0f s (%d boots)" % (args.out, time.time() - t0, boots), file=sys.stderr)


if __name__ == "__main__":
    main()
