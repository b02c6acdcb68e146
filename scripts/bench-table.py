#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Side-by-side table of scripts/bench.sh results: python3 scripts/bench-table.py OUT_DIR (prints Markdown)."""
import glob
import json
import os
import re
import struct
import sys

out = sys.argv[1]
CASES = ["sample", "abi11", "vmlinux", "amdgpu", "amdgpu-dbg"]
JMH_OF = {"sample": ("inspectSample", None), "abi11": ("inspectAbi11", None), "vmlinux": ("inspectVmlinux", None),
          "amdgpu": ("candidate", "amdgpu"), "amdgpu-dbg": ("candidate", "amdgpu-dbg")}


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def hf(name):
    """(median s, min s, user+sys s) of a hyperfine run, or None."""
    j = load(os.path.join(out, "hf-%s.json" % name))
    if not j or not j.get("results"):
        return None
    r = j["results"][0]
    return r["median"], r["min"], r["user"] + r["system"]


def jmh():
    res = {}
    for b in load(os.path.join(out, "jmh.json")) or []:
        name = b["benchmark"].rsplit(".", 1)[1]
        param = (b.get("params") or {}).get("input")
        pm = b["primaryMetric"]
        alloc = None
        for k, v in (b.get("secondaryMetrics") or {}).items():
            if k.endswith("gc.alloc.rate.norm"):
                alloc = v["score"]
        res[(name, param)] = (pm["scorePercentiles"]["0.0"], pm["scorePercentiles"]["50.0"], pm["score"], alloc)
    return res


def rela_counts(files):
    """Entries in non-debug and in debug relocation sections of 64-bit little-endian ELF files."""
    needed = debug = 0
    for path in files:
        with open(path, "rb") as f:
            h = f.read(64)
            if h[:4] != b"\x7fELF" or h[4] != 2:
                continue
            shoff, = struct.unpack_from("<Q", h, 0x28)
            shentsize, shnum, shstrndx = struct.unpack_from("<HHH", h, 0x3a)
            f.seek(shoff)
            table = f.read(shentsize * shnum)
            secs = [struct.unpack_from("<IIQQQQIIQQ", table, i * shentsize) for i in range(shnum)]
            f.seek(secs[shstrndx][4])
            names = f.read(secs[shstrndx][5])
        for s in secs:
            if s[1] in (4, 9):  # SHT_RELA, SHT_REL
                name = names[s[0]:names.index(b"\0", s[0])].decode()
                n = s[5] // (24 if s[1] == 4 else 16)
                if "debug" in name:
                    debug += n
                else:
                    needed += n
    return needed, debug


def fmt_s(x):
    return "—" if x is None else ("%.3f" % x if x < 10 else "%.1f" % x)


def ratio(a, b):
    return "—" if a is None or b is None or b == 0 else ("%.2f×" % (a / b) if a / b < 10 else "%.0f×" % (a / b))


def text(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return ""


machine = dict(line.split("=", 1) for line in text(os.path.join(out, "machine.txt")).splitlines() if "=" in line)
j = jmh()
jvm = hf("jvm")
version = hf("klpscope-version")

print("Machine: %s × %s, %s GiB RAM; %s; %s" % (machine.get("nproc"), machine.get("cpu"), machine.get("ram_gib"),
                                                machine.get("java"), machine.get("readelf")))
print("Load (1/5/15 min): start %s, after JMH %s, end %s" % (machine.get("load_start"), machine.get("load_after_jmh"),
                                                             machine.get("load_end")))
print()
if jvm:
    print("JVM floor `java -version`: median %s s, min %s s; `java -jar klpscope.jar --version`: median %s s, min %s s"
          % (fmt_s(jvm[0]), fmt_s(jvm[1]), fmt_s(version[0]) if version else "—", fmt_s(version[1]) if version else "—"))
    print()

print("| input | readelf -sW s (med/min) | readelf -rW s (med/min) | relocs needed / debug | warm analysis ms (min/med) "
      "| warm ÷ readelf -sW (min) | cold check s (med/min) | cold + AppCDS s (med/min) | cold ÷ JVM floor (med, CDS) "
      "| max RSS MiB | live heap MiB, in -Xmx64m |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for c in CASES:
    files = text(os.path.join(out, "files-%s.txt" % c)).split()
    rs, rr, ck, cds = hf("readelf-s-" + c), hf("readelf-r-" + c), hf("check-" + c), hf("check-cds-" + c)
    w = j.get(JMH_OF[c])
    try:
        needed, debug = rela_counts(files)
        rel = "%d / %d" % (needed, debug)
    except (OSError, ValueError, struct.error):
        rel = "—"
    rss = text(os.path.join(out, "rss-check-%s.txt" % c)).splitlines()
    rss_mib = "%.0f" % (int(rss[-1]) / 1024) if rss and rss[-1].isdigit() else "—"
    heap = text(os.path.join(out, "heap-%s.txt" % c))
    m = re.search(r"live_heap_mb=([\d.]+)", heap)
    heap_s = ("%s, ok" % m.group(1)) if m else (heap.splitlines()[-1][:60] if heap else "—")
    print("| %s | %s / %s | %s / %s | %s | %s | %s | %s / %s | %s | %s, %s | %s | %s |" % (
        c,
        fmt_s(rs and rs[0]), fmt_s(rs and rs[1]),
        fmt_s(rr and rr[0]), fmt_s(rr and rr[1]),
        rel,
        "%.1f / %.1f" % (w[0], w[1]) if w else "—",
        ratio(w[0] / 1000, rs[1]) if w and rs else "—",
        fmt_s(ck and ck[0]), fmt_s(ck and ck[1]),
        "%s / %s" % (fmt_s(cds[0]), fmt_s(cds[1])) if cds else "—",
        ratio(ck and ck[0], jvm and jvm[0]), ratio(cds and cds[0], jvm and jvm[0]),
        rss_mib, heap_s))
print()
print("CPU seconds (user + sys; cold: mean of the hyperfine runs; warm: bench.Repeat). Less sensitive to other load than wall time:")
print()
print("| input | readelf -sW | readelf -rW | warm analysis (process CPU, min / median) | warm ÷ readelf -sW | check | "
      "check + AppCDS | check ÷ `java -version` (%s s) |" % ("—" if not jvm else "%.3f" % jvm[2]))
print("|---|---|---|---|---|---|---|---|")
for c in CASES:
    rs, rr, ck, cds = hf("readelf-s-" + c), hf("readelf-r-" + c), hf("check-" + c), hf("check-cds-" + c)
    wc = re.search(r"warm_process_cpu_min_ms=(\d+) warm_process_cpu_median_ms=(\d+)",
                   text(os.path.join(out, "warmcpu-%s.txt" % c)))
    warm = (int(wc.group(1)) / 1000, int(wc.group(2)) / 1000) if wc else None
    print("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
        c, fmt_s(rs and rs[2]), fmt_s(rr and rr[2]),
        "%s / %s" % (fmt_s(warm[0]), fmt_s(warm[1])) if warm else "—",
        ratio(warm and warm[0], rs and rs[2]),
        fmt_s(ck and ck[2]), fmt_s(cds and cds[2]), ratio(ck and ck[2], jvm and jvm[2])))
print()
print("Warm (JMH, sample mode; ms per operation; allocation from -prof gc):")
print()
print("| benchmark | input | min ms | median ms | mean ms | allocated MiB/op |")
print("|---|---|---|---|---|---|")
for (name, param), (mn, med, mean, alloc) in sorted(j.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
    print("| %s | %s | %.2f | %.2f | %.2f | %s |" % (name, param or "", mn, med, mean,
                                                 "—" if alloc is None else "%.1f" % (alloc / 1048576)))
