#!/usr/bin/env python3
"""Checks the DWARF layout survey against pahole (docs/real-kernels.md, "DWARF layout survey").

For each changed variable of a pair (survey/dwarf/<old>-<new>/changed.tsv) whose type is a named struct, union or
typedef, runs `pahole -F dwarf --hex -C <type>` on the older and on the newer object (the -dbg vmlinux or debug
module) and compares pahole's size and members (name, offset, bit offset, size) with the layout klpscope read
(survey/dwarf/abi/<abi>.tsv). Each build's type is its own variable's (a type renamed is looked up under each name). pahole prints members of anonymous structs and unions at their offset in the outer
type, as klpscope flattens them, and named nested ones unexpanded, which klpscope lists before their members.

Usage: dwarf_survey_pahole.py CACHE OLD_ABI NEW_ABI [SAMPLE]   (SAMPLE: check only that many changed variables, the
       first of each type in changed.tsv order, half in vmlinux and half in modules; default all). Writes <old>-<new>/pahole.tsv; prints the agreement counts.
"""
import glob
import os
import re
import subprocess
import sys
from collections import defaultdict

FIELD, MEMBER = "\x1f", "\x1e"


def plain(symbol):
    dot = symbol.find(".")
    return symbol[:dot] if dot > 0 else symbol


def read_abi(path):
    """(object, name, unit) -> (key, size, {path: (bit offset, size)}) of found variables."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            x = line.rstrip("\n").split("\t")
            if x[5] != "found":
                continue
            members = {}
            if x[11]:
                for m in x[11].split(MEMBER):
                    p, bits, _width, size, _type = m.split(FIELD)
                    members.setdefault(p, (int(bits), int(size)))
            out[(x[0], plain(x[1]), x[6])] = (x[7], int(x[9]), members)
    return out


def object_file(cache, abi, obj):
    if obj == "vmlinux":
        return os.path.join(cache, "dbg", abi, "vmlinux")
    hits = glob.glob(os.path.join(cache, "dbg", abi, "debug-modules/usr/lib/debug/lib/modules/*/kernel", obj))
    return hits[0] if hits else None


HEADER = re.compile(r"^(struct|union) (\S+) \{$")
COMMENT = re.compile(r"/\*\s*(0x[0-9a-f]+|\d+)(?::\s*(0x[0-9a-f]+|\d+))?\s+(0x[0-9a-f]+|\d+)\s*\*/\s*$")
SIZE = re.compile(r"/\* size: (\d+),")


def num(s):
    return int(s, 16) if s.startswith("0x") else int(s)


def member_name(decl):
    decl = re.sub(r"__attribute__\(\(.*\)\)", "", decl).strip().rstrip(";").strip()
    decl = re.sub(r":\s*\d+$", "", decl).strip()
    fp = re.search(r"\(\s*\*\s*(\w+)\s*\)", decl)
    if fp:
        return fp.group(1)
    decl = re.sub(r"(\[\d*\])+$", "", decl).strip()
    m = re.search(r"(\w+)$", decl)
    return m.group(1) if m else None


def parse(text):
    """name -> (size, {path: (bit offset, size)}) for each type pahole printed."""
    types = {}
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        h = HEADER.match(lines[i])
        if not h:
            i += 1
            continue
        name = h.group(2)
        stack = [[]]  # members of the open blocks; each entry (path, bits, size)
        size = None
        i += 1
        while i < len(lines) and not lines[i].startswith("}"):
            line = lines[i].strip()
            i += 1
            if not line or line.startswith("/* ---") or line.startswith("/* XXX"):
                continue
            s = SIZE.search(line)
            if s and line.startswith("/* size:"):
                size = int(s.group(1))
                continue
            if line.startswith("/*"):
                continue
            if re.match(r"^(struct|union|enum)( \S+)?\s*\{$", line):
                stack.append([])
                continue
            c = COMMENT.search(line)
            if line.startswith("}"):
                inner = stack.pop()
                decl = line[1:line.find("/*")] if "/*" in line else line[1:]
                n = member_name(decl) if decl.strip().strip(";").strip() else None
                if n:  # a named member of an unnamed type: its members under its name, as klpscope lists them
                    off = num(c.group(1)) * 8 + (num(c.group(2)) if c and c.group(2) else 0) if c else 0
                    stack[-1].append((n, off, num(c.group(3)) if c else 0))
                    stack[-1].extend((n + "." + p, b, z) for p, b, z in inner)
                else:
                    stack[-1].extend(inner)
                continue
            if not c:
                continue
            n = member_name(line[:line.find("/*")])
            if n is None:
                continue
            bits = num(c.group(1)) * 8 + (num(c.group(2)) if c.group(2) else 0)
            stack[-1].append((n, bits, num(c.group(3))))
        members = {}
        for p, b, z in stack[0]:
            members.setdefault(p, (b, z))
        types[name] = (size, members)
        i += 1
    return types


def pahole(path, names):
    """One pahole run per type: pahole 1.24 given a list (-C a,b,c) on a vmlinux printed only some of them."""
    out = {}
    for name in sorted(names):
        r = subprocess.run(["pahole", "-F", "dwarf", "--hex", "-C", name, path], capture_output=True, text=True)
        out.update(parse(r.stdout))
    return out


def compare(ours, theirs):
    """Differences between klpscope's layout and pahole's, as text; empty when they agree."""
    key, size, members = ours
    psize, pmembers = theirs
    diffs = []
    if psize != size:
        diffs.append(f"size {size} (klpscope) vs {psize} (pahole)")
    compared = 0
    for p, (bits, z) in pmembers.items():
        if p in members:
            compared += 1
            if members[p] != (bits, z):
                diffs.append(f"{p}: bit {members[p][0]} size {members[p][1]} (klpscope) vs bit {bits} size {z} (pahole)")
        elif "." not in p:
            diffs.append(f"{p}: pahole only")
    for p in members:
        if "." not in p and p not in pmembers:
            diffs.append(f"{p}: klpscope only")
    return diffs, compared


def main():
    cache, old, new = sys.argv[1:4]
    sample = int(sys.argv[4]) if len(sys.argv) > 4 else None
    pair = os.path.join(cache, "survey", "dwarf", f"{old}-{new}")
    abis = {old: read_abi(os.path.join(cache, "survey", "dwarf", "abi", old + ".tsv")),
            new: read_abi(os.path.join(cache, "survey", "dwarf", "abi", new + ".tsv"))}
    rows = []
    with open(os.path.join(pair, "changed.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            obj, var, unit = line.split("\t")[:3]
            rows.append((obj, var, unit))
    checkable = []
    skipped = 0
    for obj, var, unit in rows:
        names = {}
        for abi in (old, new):
            key, _size, members = abis[abi][(obj, var, unit)]
            if key == "-" or not members:
                break  # a scalar, pointer or unnamed type, or a typedef of a scalar: nothing for pahole -C
            names[abi] = key.split(" ", 1)[1]
        if len(names) < 2:
            skipped += 1
            continue
        checkable.append((obj, var, unit, names))
    if sample is not None:  # the first variable of each type, in changed.tsv order: half vmlinux's, half the modules'
        seen, picked = set(), []
        for in_vmlinux in (True, False):
            quota = len(picked) + (sample + 1) // 2 if in_vmlinux else sample
            for row in checkable:
                if (row[0] == "vmlinux") == in_vmlinux and row[3][old] not in seen and len(picked) < quota:
                    seen.add(row[3][old])
                    picked.append(row)
        checkable = picked
    wanted = defaultdict(set)
    for obj, _var, _unit, names in checkable:
        for abi in (old, new):
            wanted[(abi, obj)].add(names[abi])
    printed = {}
    for (abi, obj), names in sorted(wanted.items()):
        path = object_file(cache, abi, obj)
        printed[(abi, obj)] = pahole(path, names) if path else {}
    agree = disagree = missing = 0
    members = 0
    with open(os.path.join(pair, "pahole.tsv"), "w", encoding="utf-8") as out:
        out.write("object\tvariable\tunit\ttype\tbuild\tverdict\tmembers compared\tdifferences\n")
        for obj, var, unit, names in checkable:
            for abi in (old, new):
                name = names[abi]
                ours = abis[abi].get((obj, var, unit))
                theirs = printed[(abi, obj)].get(name)
                if ours is None or theirs is None:
                    missing += 1
                    out.write(f"{obj}\t{var}\t{unit}\t{name}\t{abi}\tpahole printed no such type\t0\t\n")
                    continue
                diffs, compared = compare(ours, theirs)
                members += compared
                if diffs:
                    disagree += 1
                else:
                    agree += 1
                out.write(f"{obj}\t{var}\t{unit}\t{name}\t{abi}\t{'disagree' if diffs else 'agree'}\t{compared}\t"
                          + "; ".join(diffs) + "\n")
    print(f"{old} -> {new}: {len(rows)} changed variables, {skipped} of a scalar, pointer or unnamed type (in either build), "
          f"{len(checkable)} checked in both builds: {agree} layouts agree with pahole, {disagree} disagree, "
          f"{missing} not printed by pahole; {members} members compared")


if __name__ == "__main__":
    main()
