#!/usr/bin/env python3
"""Write the "## Kernel verdicts" section of samples/README.md from kernel-verdicts.tsv.

Compares each (scenario, patch, candidate) with the `expected` column of scenarios.tsv:
expected `refused` should be refused by the kernel in at least one order; `crash` should oops (and be
refused in neither); every other expectation (ok, info, risk, silent) should load in both orders.
Usage: summarize-verdicts.py [--readme samples/README.md]   (without --readme: print the section)
"""
import argparse
import collections
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.dirname(HERE)


def read_tsv(path):
    with open(path) as f:
        lines = [l.rstrip("\n") for l in f if l.strip()]
    head = lines[0].split("\t")
    return [dict(zip(head, l.split("\t"))) for l in lines[1:]]


def short(msg, n=150):
    msg = msg.replace("|", "\\|")
    return msg if len(msg) <= n else msg[:n - 1] + "…"


def section(verdicts, scenarios, info):
    by = collections.OrderedDict()
    for v in verdicts:
        by.setdefault((v["scenario"], v["patch"], v["candidate"]), {})[v["order"]] = v
    counts = collections.Counter(v["outcome"] for v in verdicts)
    out = []
    w = out.append
    w("## Kernel verdicts")
    w("")
    w("What Debian's real `6.1.0-57-amd64` kernel does with each row of `scenarios.tsv`, in both load orders,")
    w("recorded under QEMU (TCG) by `record-verdicts.sh` (manual, not part of CI):")
    w("")
    w("```sh")
    w("sudo samples/record-verdicts.sh            # all scenarios; --only SCENARIO... re-records some")
    w("```")
    w("")
    w("It installs `qemu-system-x86 busybox-static cpio` if missing, downloads `linux-image-6.1.0-57-amd64` (and")
    w("the image of any other release a vmlinux candidate names) into `${KLP_CACHE:-/var/cache/klpscope}`, builds")
    w("one busybox initramfs per scenario (`kernel/init` + a generated plan), and boots")
    w("`qemu-system-x86_64 -accel tcg,thread=multi -cpu max -smp 2 -m 1024 -append \"console=ttyS0 panic=-1")
    w("oops=panic nokaslr\" -nographic -no-reboot` (KVM does not work on these machines). `oops=panic` is added so")
    w("that an oops ends the boot at once; the remaining rows then run in a new boot. One boot per scenario runs")
    w("all its rows, with `echo 0 > /sys/kernel/livepatch/<p>/enabled`, the unpatching transition and `rmmod`")
    w("between them. %s" % info.get("timing", ""))
    w("")
    w("Per row and order: `target-first` = insmod the candidate (after its dependencies), then the patch;")
    w("`patch-first` = insmod the patch (after its own dependencies other than the target), then the candidate.")
    w("Plain `insmod` (busybox), no modprobe: a patch that depends on its target through an exported symbol")
    w("(crc) cannot load first. For a vmlinux candidate there is nothing to insmod: both orders are the same")
    w("procedure (recorded twice), and a candidate of another release (`vmlinux-6.1.0-47-…`) is judged by")
    w("booting that release's own kernel. The probe value is read after both are in:")
    w("`cat /sys/module/<target>/parameters/probe` (vmlinux: `cat /proc/cmdline`, which `vmlinux_lp` patches).")
    w("")
    w("Files:")
    w("")
    w("- `kernel-verdicts.tsv`: header + one tab-separated row per (scenario row, order):")
    w("  - `scenario`, `patch`, `candidate`: as in `scenarios.tsv` (paths relative to `samples/`);")
    w("  - `order`: `target-first` or `patch-first`;")
    w("  - `patch_loaded`, `target_loaded`: `yes`/`no`, whether that insmod succeeded (vmlinux: always `yes`);")
    w("  - `outcome`: `loaded` (both in, `/sys/kernel/livepatch/<patch>/enabled` = 1), `refused` (an insmod")
    w("    failed), `oops` (the kernel crashed: at insmod or when the probe called the patched code);")
    w("  - `kernel_message`: the decisive kernel log lines and insmod's error, joined with ` | ` (taint")
    w("    notices and transition start lines left out; the whole log is in `kernel-log/`);")
    w("  - `observed`: the probe output after both loads (` ; ` between lines), or `-`.")
    w("- `kernel-log/<scenario>.log`: the serial console of each boot, from the kernel banner on (`@@KLP`")
    w("  lines are the init script's reports; kernel messages are in them as `@@KLP MSG`).")
    w("- `kernel-log/klp-sym-resolution.tsv`: every `.klp.sym.*` symbol of a loaded patch as listed in")
    w("  `/proc/kallsyms` (the address the kernel resolved it to; 0 = not resolved), and which of the")
    w("  same-named symbols of the object (in kallsyms order) it is.")
    w("")
    w("%d rows: %s." % (len(verdicts), ", ".join("%d %s" % (counts[k], k) for k in ("loaded", "refused", "oops")
                                                if counts[k])))
    w("")
    w("| scenario | patch | candidate | expected | target-first | patch-first | observed (target-first) | agrees |")
    w("|---|---|---|---|---|---|---|---|")
    exp = {(s["scenario"], s["patch"], s["candidate"]): s["expected"] for s in scenarios}
    disagree = []
    for key, orders in by.items():
        e = exp.get(key, "?")
        tf, pf = orders.get("target-first"), orders.get("patch-first")
        outs = [o["outcome"] for o in (tf, pf) if o]
        if e == "refused":
            ok = "refused" in outs
        elif e == "crash":   # the patch loads; its code oopses when the probe runs it
            ok = "oops" in outs and "refused" not in outs
        else:   # loaded (and enabled) in both orders; whether it patched is the read-back's to say
            ok = all(o in ("loaded", "unapplied") for o in outs)
        if not ok:
            disagree.append((key, e, tf, pf))
        w("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
            key[0], os.path.basename(key[1]), key[2].split("/", 1)[1], e,
            tf["outcome"] if tf else "-", pf["outcome"] if pf else "-",
            "`%s`" % short(tf["observed"], 60) if tf and tf["observed"] != "-" else "-",
            "yes" if ok else "**no**"))
    w("")
    if disagree:
        w("Rows where the kernel does not do what `expected` says (read as: `refused` = the kernel refuses in at")
        w("least one order; `crash` = it oopses and refuses in neither; anything else = it loads in both):")
        w("")
        for key, e, tf, pf in disagree:
            parts = []
            for o in (tf, pf):
                if o:
                    parts.append("%s: %s — %s" % (o["order"], o["outcome"], short(o["kernel_message"], 220)))
            w("- %s `%s` + `%s` (expected %s): %s" % (key[0], os.path.basename(key[1]), key[2], e,
                                                     "; ".join(parts)))
        w("")
    notes = os.path.join(HERE, "verdict-notes.md")
    if os.path.exists(notes):
        with open(notes) as f:
            w(f.read().rstrip("\n"))
        w("")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--readme")
    ap.add_argument("--timing", default="")
    args = ap.parse_args()
    verdicts = read_tsv(os.path.join(SAMPLES, "kernel-verdicts.tsv"))
    scenarios = read_tsv(os.path.join(SAMPLES, "scenarios.tsv"))
    text = section(verdicts, scenarios, {"timing": args.timing})
    if not args.readme:
        print(text, end="")
        return
    with open(args.readme) as f:
        readme = f.read()
    m = re.search(r"^## Kernel verdicts\n.*?(?=^## |\Z)", readme, flags=re.S | re.M)
    if m:
        readme = readme[:m.start()] + text + ("\n" if readme[m.end():] else "") + readme[m.end():]
    else:
        readme = readme.rstrip("\n") + "\n\n" + text
    with open(args.readme, "w") as f:
        f.write(readme)


if __name__ == "__main__":
    main()
