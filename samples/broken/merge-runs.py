#!/usr/bin/env python3
"""Count the outcomes of repeated recordings of the broken livepatches, per case.

An out-of-bounds read faults or not depending on what the kernel happened to map next to its copy of the file, so
a few cases give different outcomes from boot to boot. Record a kernel more than once
(record-broken.py --kernel-version K --out DIR/N/kernel-behaviour.tsv) and merge the tables with the committed one:

    samples/broken/merge-runs.py --kernel 6.12 /tmp/rep/6.12/*/kernel-behaviour.tsv
    samples/broken/merge-runs.py --kernel 6.12 /tmp/rep/6.12/*/kernel-behaviour.tsv --only CASE...

writes samples/broken/<kernel>/runs.tsv (samples/broken/runs.tsv for 6.1): case, runs, outcomes seen (worst first,
with counts). --only CASE... counts those cases only (cases added later, recorded with record-broken.py --only) and
keeps the other lines of runs.tsv as they are. KernelBehaviourTest holds klpscope to the worst outcome any run saw. An `Oops: int3` is multi-threaded
TCG racing the kernel's own text patching (README, "QEMU FLAKE"), not the case: such a run is left out.
"""
import argparse
import collections
import os

HERE = os.path.dirname(os.path.abspath(__file__))
WORST_FIRST = ("oops", "unapplied", "rejected", "refused", "loaded")


def read(path):
    with open(path) as f:
        rows = [l.rstrip("\n").split("\t") for l in f if l.strip()]
    head = rows[0]
    return [dict(zip(head, r)) for r in rows[1:]]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kernel", default="6.1")
    ap.add_argument("--only", nargs="*", help="count these cases only; keep runs.tsv's other lines")
    ap.add_argument("tables", nargs="+", help="kernel-behaviour.tsv files of repeated recordings")
    args = ap.parse_args()
    folder = HERE if args.kernel == "6.1" else os.path.join(HERE, args.kernel)
    tables = [os.path.join(folder, "kernel-behaviour.tsv")] + args.tables
    seen = collections.OrderedDict()
    for t in tables:
        for r in read(t):
            if "Oops: int3" in r["kernel_message"]:
                continue
            if args.only is None or r["case"] in args.only:
                seen.setdefault(r["case"], collections.Counter())[r["outcome"]] += 1
    lines = collections.OrderedDict()
    if args.only is not None:
        with open(os.path.join(folder, "runs.tsv")) as f:
            for l in list(f)[1:]:
                lines[l.split("\t")[0]] = l.rstrip("\n")
    for case, counts in seen.items():
        outcomes = ", ".join("%s %d" % (o, counts[o]) for o in WORST_FIRST if counts[o])
        lines[case] = "%s\t%d\t%s" % (case, sum(counts.values()), outcomes)
    with open(os.path.join(folder, "runs.tsv"), "w") as f:
        f.write("case\truns\toutcomes\n")
        for line in lines.values():
            f.write(line + "\n")


if __name__ == "__main__":
    main()
