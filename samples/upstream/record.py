#!/usr/bin/env python3
"""Record what Debian's real kernels do with the upstream corpus (samples/upstream/, see samples/README.md,
"Upstream corpus"): every livepatch against its targets (v1 and v2 builds, both load orders) and against
vmlinux of the kernel it was built for and of another ABI, each booted under QEMU with a busybox initramfs.

Writes samples/upstream/kernel-verdicts.tsv (the columns of samples/kernel-verdicts.tsv) and
samples/upstream/kernel-log/<kernel>.log.  The outcome column says one of

  loaded, right    patch enabled and the read-back is what the patch was written to give
  loaded, wrong    patch enabled, the read-back differs
  never applied    patch enabled, but its code (functions or callbacks) for that object never ran
  refused          insmod of the patch or of the target failed, or the patch never got enabled
  oops             the kernel oopsed

The read-back of each (patch, object) is in READBACK below: a file a vmlinux patch changes (the expected text,
as the selftests' test-*.sh check it), or the kernel log lines the patch prints when its functions or callbacks
for that object run (the lines the selftests' check_result expects).  Called by samples/upstream/record.sh; `record.py --from-logs` boots nothing and judges the committed logs again
(it reproduces kernel-verdicts.tsv byte for byte).
Reuses samples/kernel/record-verdicts.py (initramfs, console protocol, refusal messages); boots with KVM when
KLP_ACCEL=kvm is given (record-verdicts.py falls back to TCG when KVM fails), else TCG.
"""
import argparse
import importlib.util
import os
import re
import sys
import tempfile
import time

sys.dont_write_bytecode = True     # no __pycache__ next to record-verdicts.py in the repository
HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.dirname(HERE)
_spec = importlib.util.spec_from_file_location("record_verdicts", os.path.join(SAMPLES, "kernel", "record-verdicts.py"))
rv = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rv)

# kernels: short -> (release it was built for, vmlinux candidate of it, another ABI: (release, vmlinux candidate))
KERNELS = {
    "6.1": ("6.1.0-57-amd64", "vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz",
            ("6.1.0-47-amd64", "vmlinux/v47/vmlinux-6.1.0-47-amd64.symtab.xz")),
    "6.12": ("6.12.95+deb12-amd64", "kernels/6.12/vmlinux/vmlinux-6.12.95+deb12-amd64.symtab.xz",
             ("6.1.0-57-amd64", "vmlinux/v57/vmlinux-6.1.0-57-amd64.symtab.xz")),
}

# (patch module file, object) -> read-back: ("file", path, expected text) or ("log", seconds, regex...)
# ("getpid": test_klp_syscall's own counter, see plan_unit).  Regexes are searched in the unit's kernel log.
READBACK = {
    ("livepatch-sample", "vmlinux"): ("file", "/proc/cmdline", "this has been live patched"),
    ("test_klp_livepatch", "vmlinux"): ("file", "/proc/cmdline", "test_klp_livepatch: this has been live patched"),
    ("test_klp_atomic_replace", "vmlinux"): ("file", "/proc/meminfo", "test_klp_atomic_replace: this has been live patched"),
    ("test_klp_syscall", "vmlinux"): ("getpid",),
    ("livepatch-callbacks-demo", "vmlinux"): ("log", 0, r"livepatch_callbacks_demo: post_patch_callback: vmlinux$"),
    ("test_klp_callbacks_demo", "vmlinux"): ("log", 0, r"test_klp_callbacks_demo: post_patch_callback: vmlinux$"),
    ("test_klp_callbacks_demo2", "vmlinux"): ("log", 0, r"test_klp_callbacks_demo2: post_patch_callback: vmlinux$"),
    ("test_klp_state", "vmlinux"): ("log", 0, r"test_klp_state: fix_console_loglevel: fixing console_loglevel$"),
    ("test_klp_state2", "vmlinux"): ("log", 0, r"test_klp_state2: fix_console_loglevel: fixing console_loglevel$"),
    ("test_klp_state3", "vmlinux"): ("log", 0, r"test_klp_state3: fix_console_loglevel: fixing console_loglevel$"),
    # callbacks-only objects: their post-patch callback ran for that module
    ("livepatch-callbacks-demo", "livepatch_callbacks_mod"):
        ("log", 0, r"livepatch_callbacks_demo: post_patch_callback: livepatch_callbacks_mod -> "),
    ("test_klp_callbacks_demo", "test_klp_callbacks_mod"):
        ("log", 0, r"test_klp_callbacks_demo: post_patch_callback: test_klp_callbacks_mod -> "),
    # busymod: the callbacks ran; busymod_work_func is replaced (its own line is seen when the work runs patched)
    ("livepatch-callbacks-demo", "livepatch_callbacks_busymod"):
        ("log", 0, r"livepatch_callbacks_demo: post_patch_callback: livepatch_callbacks_busymod -> "),
    ("test_klp_callbacks_demo", "test_klp_callbacks_busy"):
        ("log", 0, r"test_klp_callbacks_demo: post_patch_callback: test_klp_callbacks_busy -> "),
    # shadow variables: the replaced dummy_alloc() runs every second; the replaced dummy_check() counts in a
    # shadow variable that the replaced dummy_free() prints once a dummy expires (12 s)
    ("livepatch-shadow-fix1", "livepatch_shadow_mod"): ("log", 5, r"livepatch_fix1_dummy_alloc: dummy @ "),
    ("livepatch-shadow-fix2", "livepatch_shadow_mod"): ("log", 20, r"livepatch_fix2_dummy_free: dummy @ .*check counter = [1-9]"),
}

# what a vmlinux patch's file reads without any patch: the command line record-verdicts.py boots with
CMDLINE = rv.CMDLINE

# shell helpers the plan defines before its units (the init script sources the plan)
HELPERS = r'''
# waitlog SECONDS REGEX: kernel messages as they come, until REGEX matched or SECONDS passed
waitlog() {
	: > /tmp/acc
	i=0
	while [ $i -le $(($1 * 10)) ]; do
		dmesg -c > /tmp/m
		sed 's/^/@@KLP MSG /' /tmp/m
		cat /tmp/m >> /tmp/acc
		if grep -qE 'Oops|BUG:|general protection fault|kernel BUG at|Kernel panic' /tmp/m; then
			echo "@@KLP OOPS"; sync; poweroff -f
		fi
		grep -qE "$2" /tmp/acc && break
		usleep 100000
		i=$((i + 1))
	done
}
# getpid_unit PATH: test_klp_syscall with klp_pids = a shell that calls getpid() when it starts (busybox ash
# does), started after the patch is enabled; the patched getpid() counts it off (npids 1 -> 0)
getpid_unit() {
	rm -f /tmp/go
	mkfifo /tmp/go
	sh -c 'read x < /tmp/go; exec sh -c :' &
	p=$!
	out=$(insmod "/s/$1" klp_pids=$p 2>&1)
	rc=$?
	echo "@@KLP INS patch test_klp_syscall rc=$rc"
	[ -n "$out" ] && echo "$out" | sed 's/^/@@KLP ERR /'
	[ $rc -eq 0 ] && LOADED="test_klp_syscall $LOADED" && settle test_klp_syscall
	echo go > /tmp/go
	wait $p
	msgs
}
'''


class Unit(rv.Unit):
    """One (patch, candidate, order) with the kernel to boot and the read-back to take."""

    def __init__(self, idx, scenario, patch, candidate, order, release, obj, readback):
        super().__init__(idx, {"scenario": scenario, "patch": patch, "candidate": candidate}, order)
        self.release = release
        self.obj = obj
        self.readback = readback

    def plan(self, res=None):
        lines = ["row %d %s" % (self.idx, self.order)]
        self.files = {self.patch: os.path.join(SAMPLES, self.patch)}
        target = []
        if self.is_module:
            self.files[self.candidate] = os.path.join(SAMPLES, self.candidate)
            target = ["load target %s '%s'" % (self.target_name, self.candidate)]
        if self.readback[0] == "getpid":
            patch = ["getpid_unit '%s'" % self.patch]
        else:
            patch = ["load patch %s '%s'" % (self.patch_name, self.patch)]
        lines += target + patch if self.order == "target-first" else patch + target
        kind = self.readback[0]
        if kind == "file":
            lines.append("observe %s %s %s" % (self.target_name, self.patch_name, self.readback[1]))
        else:
            lines.append("observe %s %s" % (self.target_name, self.patch_name))
        if kind == "log" and self.readback[1]:
            lines.append("waitlog %d '%s'" % (self.readback[1], self.readback[2]))
        if kind == "getpid":
            lines.append("echo \"@@KLP PROBE vmlinux rc=0 npids=$(cat /sys/kernel/test_klp_syscall/npids 2>&1)\"")
        lines.append("cleanup")
        self.read_files()
        return lines


def units_for(short):
    """Every unit of one kernel's corpus, in a fixed order."""
    release, vml, (other_rel, other_vml) = KERNELS[short]
    base = "upstream/%s" % short
    scen = "upstream-%s" % short
    units = []

    def add(patch, cand, order, rel, obj):
        key = (patch, obj)
        units.append(Unit(len(units), scen, "%s/%s.ko" % (base, patch), cand, order, rel, obj, READBACK[key]))

    patches = sorted({p for p, _ in READBACK})
    for patch in patches:
        if not os.path.exists(os.path.join(SAMPLES, base, patch + ".ko")):
            continue
        for (p, obj) in sorted(READBACK):
            if p != patch:
                continue
            if obj == "vmlinux":
                add(patch, vml, "target-first", release, obj)
                add(patch, other_vml, "target-first", other_rel, obj)
                continue
            for v in ("v1", "v2"):
                cand = None
                for fn in sorted(os.listdir(os.path.join(SAMPLES, base, v))):
                    if rv.modname(os.path.join(SAMPLES, base, v, fn)) == obj:
                        cand = "%s/%s/%s" % (base, v, fn)
                for order in rv.ORDERS:
                    add(patch, cand, order, release, obj)
    return units


def build_initramfs(units, out, busybox):
    for u in units:
        u.plan_lines = u.plan()
    first = units[0].plan_lines
    units[0].plan_lines = HELPERS.strip("\n").split("\n") + first
    try:
        rv.build_initramfs(units, out, os.path.join(SAMPLES, "kernel", "init"), busybox)
    finally:
        units[0].plan_lines = first


def judge(res):
    """The recorded row of one unit: record-verdicts.py's row (loaded/refused/oops, the kernel's message), the
    loaded outcome refined by the read-back."""
    row = rv.row_of(res)
    u = res.unit
    if getattr(res, "hung", False):
        # both modules were accepted, the patch enabled, and then an insmod never returned: the patch changed
        # what the target does (test_klp_callbacks_demo's patched_work_func() no longer completes the
        # completion test_klp_callbacks_busy's init waits for)
        stuck = [role for role in ("patch", "target") if role not in res.ins]
        seen = [m.strip() for _, m in res.msgs if rv.ENABLED_OK.search(m)]
        row[4] = "yes" if res.ins.get("patch") == "rc=0" else row[4]
        row[5] = "yes" if u.is_module and "target" not in stuck else row[5]
        row[6] = "loaded, wrong"
        row[7] = " | ".join(seen + ["[klpscope] insmod of the %s never returned: no console output for 90 s"
                                    % "/".join(stuck)])
        row[8] = "insmod hung"
        return row
    if row[6] != "loaded":
        return row
    log = [m.strip() for _, m in res.msgs]
    kind = u.readback[0]
    if kind == "file":
        got = " / ".join(v for _, v in res.probe.get("vmlinux", [])) or "-"
        want = u.readback[2]
        unpatched = got.startswith(CMDLINE) if u.readback[1] == "/proc/cmdline" else got.startswith("MemTotal:")
        outcome = "loaded, right" if got == want else ("never applied" if unpatched else "loaded, wrong")
        observed = got if len(got) < 120 else got[:117] + "..."
    elif kind == "getpid":
        got = " ".join(v for _, v in res.probe.get("vmlinux", []))
        outcome = "loaded, right" if got == "npids=0" else ("never applied" if got == "npids=1" else "loaded, wrong")
        observed = got
    else:
        rx = re.compile(u.readback[2])
        hit = [m for m in log if rx.search(m)]
        outcome = "loaded, right" if hit else "never applied"
        observed = hit[0] if hit else "no line matching /%s/" % u.readback[2]
    row[6] = outcome
    row[8] = observed.replace("\t", " ")
    return row


def mark_hung(got, timed_out):
    """A unit that went quiet without an oops in a boot that was killed: an insmod that never returned."""
    for r in got.values():
        r.hung = timed_out and not r.finished and not r.oops and not any(
            rv.OOPS_KEY.search(l) and "[klpscope]" not in l for l in r.console_tail)


def results_from_log(path, units):
    """The units' results parsed again out of a log this script wrote (a flake's last unit from its rerun)."""
    by_idx = {u.idx: u for u in units}
    results = {}
    with open(path) as f:
        boots = f.read().split("#### klpscope boot ")[1:]
    for boot in boots:
        head, _, body = boot.partition("\n")
        got, _ = rv.parse(body, by_idx)
        mark_hung(got, "(TIMED OUT)" in head)
        if "QEMU FLAKE" in head and got:
            got.pop(max(got))       # the unit it died in ran again in the next boot
        results.update(got)
    return [results[u.idx] for u in units if u.idx in results]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kernel-for", action="append", default=[], metavar="RELEASE=VMLINUZ")
    ap.add_argument("--from-logs", action="store_true",
                    help="boot nothing: judge the units again from the logs in --logdir (what the table says is what "
                         "the logs show)")
    ap.add_argument("--busybox", default="/bin/busybox")
    ap.add_argument("--out", default=os.path.join(HERE, "kernel-verdicts.tsv"))
    ap.add_argument("--logdir", default=os.path.join(HERE, "kernel-log"))
    ap.add_argument("--only", nargs="*", help="kernels (6.1, 6.12) to run; the others keep their rows")
    args = ap.parse_args()
    kernels = dict(kf.partition("=")[::2] for kf in args.kernel_for)
    need = {rel for s in KERNELS for rel in (KERNELS[s][0], KERNELS[s][2][0])}
    if not args.from_logs and not need <= kernels.keys():
        ap.error("--kernel-for RELEASE=VMLINUZ needed for %s (record.sh gives them)" % ", ".join(sorted(need - kernels.keys())))
    shorts = [s for s in KERNELS if not args.only or s in args.only]
    os.makedirs(args.logdir, exist_ok=True)
    all_rows, t_all = {}, time.time()
    for short in shorts:
        units = units_for(short)
        by_idx = {u.idx: u for u in units}
        if args.from_logs:
            all_rows[short] = [judge(r) for r in results_from_log(os.path.join(args.logdir, short + ".log"), units)]
            continue
        results, logs, boots, retries = {}, [], 0, {}
        groups = {}
        for u in units:
            groups.setdefault(u.release, []).append(u)
        for release, group in groups.items():
            pending = list(group)
            while pending and boots < len(units) + 4:
                boots += 1
                with tempfile.TemporaryDirectory(prefix="klps-up-") as tmp:
                    initrd = os.path.join(tmp, "initrd.gz")
                    build_initramfs(pending, initrd, args.busybox)
                    text, timed_out, secs = rv.boot(kernels[release], initrd, os.path.join(tmp, "serial.log"),
                                                    timeout=120 + 40 * len(pending))
                logs.append("#### klpscope boot %d (%s, %s): units %s, %.1f s%s\n%s" % (
                    boots, release, rv.accel, ",".join(str(u.idx) for u in pending), secs,
                    " (TIMED OUT)" if timed_out else "", rv.strip_boot_noise(text)))
                got, _ = rv.parse(text, by_idx)
                mark_hung(got, timed_out)
                # QEMU's own failures (e.g. "IO-APIC + timer doesn't work" before the first unit) run again
                got, pending, why = rv.settle(got, pending, text, retries)
                results.update(got)
                if why:
                    logs[-1] = logs[-1].replace("\n", " (QEMU FLAKE: %s; again)\n" % why, 1)
                    continue
                print("  %s: boot %d (%s) %.1f s, %d units left" % (short, boots, release, secs, len(pending)),
                      file=sys.stderr)
        with open(os.path.join(args.logdir, short + ".log"), "w") as f:
            f.write("\n".join(logs))
        all_rows[short] = [judge(results[u.idx]) for u in units if u.idx in results]
    keep = []
    if os.path.exists(args.out):
        with open(args.out) as f:
            old = [l.rstrip("\n").split("\t") for l in f][1:]
        keep = [r for r in old if r and r[0].replace("upstream-", "") not in shorts]
    rows = keep + [r for s in shorts for r in all_rows[s]]
    rows.sort(key=lambda r: list(KERNELS).index(r[0].replace("upstream-", "")))
    with open(args.out, "w") as f:
        f.write("\t".join(rv.COLUMNS) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print("wrote %s (%d rows) in %.0f s" % (args.out, len(rows), time.time() - t_all), file=sys.stderr)


if __name__ == "__main__":
    main()
