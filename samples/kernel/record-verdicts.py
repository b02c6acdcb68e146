#!/usr/bin/env python3
"""Record the real kernel's verdicts on the klpscope samples (see samples/README.md, "Kernel verdicts").

For each row of samples/scenarios.tsv and each order (target-first, patch-first) this boots
Debian's 6.1.0-57-amd64 kernel under QEMU (TCG; KLP_ACCEL=kvm tries KVM first, see ACCELS) with a busybox
initramfs holding the scenario's modules, loads candidate and livepatch in that order, reads the
target's "probe" parameter, the patch's objects' "patched" flags and its .klp.sym.* entries in
/proc/kallsyms, and writes:

  samples/kernel-verdicts.tsv                   one row per (scenario row, order)
  samples/kernel-log/<scenario>.log             serial console of the boot(s) (boot noise stripped)
  samples/kernel-log/klp-sym-resolution.tsv     where each .klp.sym.* symbol resolved

Outcomes: loaded (patch and target loaded, patch enabled, the target's object patched, its .klp.sym.*
resolved; `observed` holds the read-back values), refused (an insmod failed or the patch is not
enabled; the kernel's message), oops, unapplied (loaded and enabled, but the target's object is not
patched or one of its .klp.sym.* is 0 in /proc/kallsyms: never applied), stalled (loaded, enabled and applied,
but /sys/kernel/livepatch/<patch>/transition is still 1 sixty seconds after the load: a task never left a
replaced function; the message names the tasks not switched and their stacks).

--kernel-version SHORT (a kernel of samples/kernels/kernels.tsv other than 6.1) records the scenarios
rebuilt for that kernel (samples/kernels/<short>/<scenario>/, the rows of scenarios.tsv whose files
exist there; a vmlinux candidate of 6.1.0-57 becomes that kernel's own vmlinux-<release>.symtab.xz)
into samples/kernels/<short>/kernel-verdicts.tsv and samples/kernels/<short>/kernel-log/.

--scenarios TABLE with --out and --logdir records a folder's own rows (samples/varlayout/: the 6.1 build kept
unstripped). A module named as .ko.xz is put in the initramfs decompressed, so that a row names the committed file;
init logs the build id the kernel holds of each module it loaded.

One boot per scenario runs all its units; after an oops or a unit that cannot be cleaned up the
remaining units run in a new boot; a boot that dies before its first unit, or an "Oops: int3" (QEMU,
not the sample, see FLAKE), runs that unit again (at most MAX_RETRIES times).  Called by
samples/record-verdicts.sh, which installs the tools and unpacks the kernel.
"""
import argparse
import collections
import gzip
import lzma
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.dirname(HERE)
ORDERS = ("target-first", "patch-first")
COLUMNS = ("scenario", "patch", "candidate", "order", "patch_loaded", "target_loaded",
           "outcome", "kernel_message", "observed")


# --------------------------------------------------------------------------- ELF .modinfo
def module_bytes(path):
    """A module's bytes; a .ko.xz (a module kept compressed in samples/) decompressed, as it is loaded."""
    with open(path, "rb") as f:
        data = f.read()
    return lzma.decompress(data) if path.endswith(".ko.xz") else data


def guest(rel):
    """Where a module is in the initramfs: a .ko.xz is put there decompressed, as .ko."""
    return rel[:-3] if rel.endswith(".ko.xz") else rel


def modinfo(path):
    """The key=value pairs of a .ko's (or .ko.xz's) .modinfo section (ELF64 little-endian)."""
    data = module_bytes(path)
    if data[:4] != b"\x7fELF" or data[4] != 2:
        raise ValueError("%s: not an ELF64 file" % path)
    e_shoff, = struct.unpack_from("<Q", data, 0x28)
    e_shentsize, e_shnum, e_shstrndx = struct.unpack_from("<HHH", data, 0x3a)
    shdrs = [struct.unpack_from("<IIQQQQIIQQ", data, e_shoff + i * e_shentsize) for i in range(e_shnum)]
    stroff = shdrs[e_shstrndx][4]
    info = collections.defaultdict(list)
    for sh in shdrs:
        name = data[stroff + sh[0]:data.index(b"\0", stroff + sh[0])].decode()
        if name == ".modinfo":
            for item in data[sh[4]:sh[4] + sh[5]].split(b"\0"):
                if b"=" in item:
                    k, v = item.decode(errors="replace").split("=", 1)
                    info[k].append(v)
    return info


def modname(path):
    info = modinfo(path)
    if info.get("name"):
        return info["name"][0]
    return os.path.basename(guest(path))[:-3].replace("-", "_")


def depends(path):
    d = modinfo(path).get("depends", [""])[0]
    return [x for x in d.split(",") if x]


# --------------------------------------------------------------------------- planning
class Resolver:
    """Finds the .ko for a dependency name: the candidate's folder, then the scenario, then the kernel."""

    def __init__(self, samples, kmoddir):
        self.samples = samples
        self.kmoddir = kmoddir
        self._kernel = None

    def kernel_index(self):
        if self._kernel is None:
            self._kernel = {}
            if self.kmoddir and os.path.isdir(self.kmoddir):
                for root, _, files in os.walk(self.kmoddir):
                    for fn in files:
                        if fn.endswith(".ko"):
                            self._kernel.setdefault(fn[:-3].replace("-", "_"), os.path.join(root, fn))
        return self._kernel

    def find(self, name, scenario, near):
        """(path relative to the initramfs' /s, host path) for module `name`."""
        dirs = []
        if near:
            dirs.append(os.path.dirname(near))
        dirs.append(scenario)
        for rel in dirs:
            d = os.path.join(self.samples, rel)
            if os.path.isdir(d):
                for fn in sorted(os.listdir(d)):
                    if fn.endswith(".ko") and modname(os.path.join(d, fn)) == name:
                        r = os.path.normpath(os.path.join(rel, fn))
                        return r, os.path.join(self.samples, r)
        # anywhere in the scenario (e.g. a dependency kept in its own folder)
        for root, _, files in sorted(os.walk(os.path.join(self.samples, scenario))):
            for fn in sorted(files):
                p = os.path.join(root, fn)
                if fn.endswith(".ko") and modname(p) == name:
                    return os.path.relpath(p, self.samples), p
        p = self.kernel_index().get(name)
        if p:
            return "@kernel/" + os.path.relpath(p, self.kmoddir), p
        return None, None

    def chain(self, path_rel, scenario, exclude, near):
        """Dependencies of a module, deepest first, as (name, rel, host) — excluding names in `exclude`."""
        out, seen = [], set(exclude)

        def visit(rel_host):
            for dep in depends(rel_host):
                if dep in seen:
                    continue
                seen.add(dep)
                rel, host = self.find(dep, scenario, near)
                if rel is None:
                    out.append((dep, None, None))
                    continue
                visit(host)
                out.append((dep, rel, host))

        visit(os.path.join(self.samples, path_rel))
        return out


class Unit:
    def __init__(self, idx, row, order):
        self.idx, self.row, self.order = idx, row, order
        self.scenario = row["scenario"]
        self.dir = row.get("dir", self.scenario)   # the scenario's folder under samples/
        self.patch = row["patch"]
        self.candidate = row["candidate"]
        self.patch_name = modname(os.path.join(SAMPLES, self.patch))
        self.is_module = self.candidate.endswith((".ko", ".ko.xz"))
        self.target_name = modname(os.path.join(SAMPLES, self.candidate)) if self.is_module else "-"
        # the kernel to boot: a vmlinux candidate names its release (vmlinux-<release>.symtab.xz);
        # module candidates are judged by the default kernel
        m = re.match(r"vmlinux-(.+?)\.symtab", os.path.basename(self.candidate))
        self.release = m.group(1) if m and not self.is_module else None
        self.files = {}      # rel -> host path, to put in the initramfs
        self.notes = []

    def plan(self, res):
        lines = ["row %d %s" % (self.idx, self.order)]
        loaded = set()

        def deps_of(rel, exclude):
            cmds = []
            for name, drel, host in res.chain(rel, self.dir, exclude | loaded,
                                              self.candidate if self.is_module else None):
                if drel is None:
                    self.notes.append("dependency %s of %s not found" % (name, rel))
                    continue
                self.files[drel] = host
                loaded.add(name)
                cmds.append("load dep %s '%s'" % (name, drel))
            return cmds

        def target():
            if not self.is_module:
                return []
            self.files[self.candidate] = os.path.join(SAMPLES, self.candidate)
            cmds = deps_of(self.candidate, {self.target_name})
            loaded.add(self.target_name)
            return cmds + ["load target %s '%s'" % (self.target_name, guest(self.candidate))]

        def patch():
            self.files[self.patch] = os.path.join(SAMPLES, self.patch)
            # in patch-first order the target is not pulled in as a dependency of the patch
            cmds = deps_of(self.patch, {self.patch_name, self.target_name})
            return cmds + ["load patch %s '%s'" % (self.patch_name, guest(self.patch))]

        if self.order == "target-first":
            lines += target() + patch()
        else:
            lines += patch() + target()
        if self.is_module:
            lines.append("observe %s %s" % (self.target_name, self.patch_name))
        else:   # a vmlinux patch: the sample patches cmdline_proc_show()
            lines.append("observe - %s /proc/cmdline" % self.patch_name)
        lines.append("cleanup")
        self.read_files()
        return lines

    def read_files(self):
        """Read the unit's modules now: a rebuild of the samples during the run must not mix versions."""
        self.contents = {}
        for rel, host in self.files.items():
            self.contents[guest(rel)] = module_bytes(host)


# --------------------------------------------------------------------------- boot
CMDLINE = "console=ttyS0 panic=-1 oops=panic nokaslr"


def build_initramfs(units, out, init_src, busybox):
    with tempfile.TemporaryDirectory(prefix="klps-initrd-") as root:
        for d in ("bin", "proc", "sys", "dev", "tmp", "s"):
            os.makedirs(os.path.join(root, d))
        shutil.copy(busybox, os.path.join(root, "bin", "busybox"))
        shutil.copy(init_src, os.path.join(root, "init"))
        os.chmod(os.path.join(root, "init"), 0o755)
        plan = ["# generated by record-verdicts.py"]
        for u in units:
            plan += u.plan_lines
            for rel, content in u.contents.items():
                dst = os.path.join(root, "s", rel)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                with open(dst, "wb") as f:
                    f.write(content)
        with open(os.path.join(root, "plan.sh"), "w") as f:
            f.write("\n".join(plan) + "\n")
        names = subprocess.run("find . | sort", shell=True, cwd=root, check=True,
                               capture_output=True).stdout
        cpio = subprocess.run(["cpio", "-o", "-H", "newc", "-R", "0:0", "--quiet"], cwd=root,
                              input=names, check=True, capture_output=True).stdout
        with gzip.open(out, "wb", compresslevel=1) as f:
            f.write(cpio)


# QEMU's accelerator: multi-threaded TCG (a boot takes a minute and more).  KLP_ACCEL=kvm tries KVM first;
# on the machines these samples were recorded on /dev/kvm exists but no Debian kernel boots under it (6.1
# hangs silently in its decompressor; 6.12 and 7.3 stop with "KVM internal error. Suberror: 1", an emulation
# failure, on a VEX shlx in the zstd decompressor and, booted uncompressed through PVH, on a lock cmpxchg16b).
# A KVM boot that fails that way, or never prints the kernel banner, is booted again under TCG and the rest
# of the run stays on TCG.
ACCELS = {"kvm": ["-accel", "kvm", "-cpu", "host"], "tcg": ["-accel", "tcg,thread=multi", "-cpu", "max"]}
accel = os.environ.get("KLP_ACCEL", "tcg")
KVM_FAILED = re.compile(r"KVM internal error|failed to initialize kvm|Could not access KVM|KVM is not supported")
# QEMU flakes: an oops from a breakpoint the kernel's own text patching left, which multi-threaded TCG
# sometimes runs into; not the sample's doing.  The unit runs again in a new boot (at most MAX_RETRIES times).
FLAKE = re.compile(r"Oops: int3:")
MAX_RETRIES = 2


def flake(got, pending, text):
    """Why this boot is QEMU's failure rather than a result (None if it is a result): it died before the
    first pending unit, or that boot's last unit ended in an Oops: int3."""
    if not got:
        return "the boot died before the first unit"
    last = got[max(got)]
    if not last.finished and FLAKE.search("\n".join(last.console_tail)):
        return "Oops: int3"
    return None


def settle(got, pending, text, retries):
    """What one boot settles, as (results that stand, units still pending, flake or None).  A boot that dies
    before the first unit, or in an "Oops: int3" (see flake()), is QEMU's doing: that unit runs again in a new
    boot (at most MAX_RETRIES times, counted in retries by unit index), the earlier units of the boot stand.
    A boot that ran nothing else records its first unit as it ended (an oops)."""
    first = pending[0].idx if not got else max(got)
    why = flake(got, pending, text)
    if why and retries.get(first, 0) < MAX_RETRIES:
        retries[first] = retries.get(first, 0) + 1
        got.pop(first, None)
        return got, [u for u in pending if u.idx >= first], why
    if not got:
        r = Result(pending[0])
        r.console_tail = text.split("\n")[-20:]
        got = {pending[0].idx: r}
    last = max(got)
    return got, [u for u in pending if u.idx > last], None


def boot(kernel, initrd, log_path, timeout, quiet_limit=90):
    """Boot once; the serial console goes to log_path.  oops=panic (with panic=-1 and -no-reboot)
    makes an oops end the run at once instead of leaving a half-dead system; a boot that prints
    nothing for quiet_limit seconds, or runs past timeout, is killed."""
    global accel
    if accel == "kvm":
        text, timed_out, secs = boot_with(ACCELS[accel], kernel, initrd, log_path, timeout, 30, KVM_FAILED)
        if "Linux version" in text and not KVM_FAILED.search(text):
            return text, timed_out, secs
        why = KVM_FAILED.search(text)
        print("  KVM boot failed (%s): TCG from now on" % (why.group(0) if why else "no kernel banner"),
              file=sys.stderr)
        accel = "tcg"
    return boot_with(ACCELS[accel], kernel, initrd, log_path, timeout, quiet_limit)


def boot_with(accel_args, kernel, initrd, log_path, timeout, quiet_limit, fatal=None):
    """One QEMU run; killed after quiet_limit seconds without output, past timeout, or once the log
    matches `fatal`."""
    cmd = ["qemu-system-x86_64"] + accel_args + ["-smp", "2",
           "-m", "1024", "-kernel", kernel, "-initrd", initrd,
           "-append", CMDLINE, "-nographic", "-no-reboot"]
    t0 = time.time()
    timed_out = False
    with open(log_path, "wb") as log:
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        size, last_change = 0, time.time()
        while p.poll() is None:
            time.sleep(0.5)
            now = time.time()
            n = os.path.getsize(log_path)
            if n != size:
                size, last_change = n, now
                if fatal:
                    with open(log_path, "rb") as f:
                        hit = fatal.search(f.read().decode("utf-8", errors="replace"))
                    if hit:
                        p.kill()
                        p.wait()
                        break
            if now - t0 > timeout or now - last_change > quiet_limit:
                p.kill()
                p.wait()
                timed_out = True
    with open(log_path, "rb") as f:
        text = f.read().decode("utf-8", errors="replace").replace("\r", "")
    if timed_out:
        text += "\n[klpscope] no console output for %d s or past %d s: QEMU killed\n" % (quiet_limit, timeout)
    return text, timed_out, time.time() - t0


# --------------------------------------------------------------------------- parsing
TS = re.compile(r"^\[\s*\d+\.\d+\]\s*")
NOISE = re.compile(r"(?<!') taints kernel|tainting kernel|module verification failed|"
                   r"starting patching transition|starting unpatching transition|"
                   r"unpatching complete|^\[klpscope\]")
DECISIVE = re.compile(r"livepatch|Unknown symbol|disagrees about version|version magic|"
                      r"no symbol version|refusing|failed|Invalid|BUG|Oops|WARNING|RIP:|"
                      r"general protection|can't insert|^insmod:|Call Trace|Kernel panic|"
                      r"Skipping invalid|unresolvable|not found|from namespace|module license")


# the lines that say what an oops was
OOPS_KEY = re.compile(r"kernel tried to execute|BUG:|Oops:|^RIP:|general protection fault|"
                      r"Kernel panic|kernel BUG at|\[klpscope\]")
# lines of a successful enable: not decisive when the row was refused
ENABLED_OK = re.compile(r"enabling patch|patching complete|applying patch .* to loading module")


class Result:
    def __init__(self, unit):
        self.unit = unit
        self.ins = {}          # role -> (name, rc text)
        self.msgs = []         # (phase, text) phase: load/observe/cleanup
        self.enabled = None
        self.probe = {}
        self.ksym, self.own = [], []
        self.objs = {}         # object name -> its /sys/kernel/livepatch/<patch>/<object>/patched
        self.transition = None  # /sys/kernel/livepatch/<patch>/transition when observed
        self.stalled = collections.OrderedDict()   # pid -> [comm, [stack frames]] of tasks not switched
        self.oops = False
        self.finished = False
        self.dirty = None
        self.console_tail = []


def parse(text, units_by_idx):
    results, cur, phase, done = {}, None, "load", False
    pre_lines = []
    for line in text.split("\n"):
        if not line.startswith("@@KLP "):
            if cur is not None and not cur.finished:
                cur.console_tail.append(line)
            continue
        body = line[6:]
        kw, _, rest = body.partition(" ")
        if kw == "ROW":
            idx = int(rest.split()[0])
            cur = results[idx] = Result(units_by_idx[idx])
            phase = "load"
        elif cur is None:
            if kw == "DONE":
                done = True
            continue
        elif kw == "INS":
            role, name, rc = rest.split(" ", 2)
            cur.ins[role if role != "dep" else "dep:" + name] = rc
        elif kw == "ERR":
            cur.msgs.append((phase, rest.replace("/s/", "")))
        elif kw == "MSG":
            cur.msgs.append((phase, TS.sub("", rest)))
        elif kw == "ENABLED":
            cur.enabled = rest.split()[1]
            phase = "observe"
        elif kw == "PROBE":
            mod, rc, val = (rest.split(" ", 2) + [""])[:3]
            cur.probe.setdefault(mod, []).append((rc, val))
        elif kw == "OBJ":
            name, _, patched = rest.partition(" ")
            cur.objs[name] = patched.strip()
        elif kw == "TRANSITION":
            cur.transition = rest.split()[1]
        elif kw == "STALLED":
            pid, comm = rest.split()[:2]
            cur.stalled[pid] = [comm, []]
        elif kw == "STACK":
            pid, _, frame = rest.partition(" ")
            if pid in cur.stalled:
                cur.stalled[pid][1].append(re.sub(r"^\[<[0-9a-f]+>\] ", "", frame.strip()))
        elif kw == "KSYM":
            cur.ksym.append(rest)
        elif kw == "OWN":
            cur.own.append(rest)
        elif kw == "ENDROW":
            cur.finished = True
            phase = "cleanup"
        elif kw == "DIRTY":
            cur.dirty = rest
        elif kw == "OOPS":
            cur.oops = True
        elif kw == "DONE":
            done = True
    return results, done


def row_of(res):
    u = res.unit
    pl = res.ins.get("patch", "")
    tl = res.ins.get("target", "")
    patch_loaded = pl in ("rc=0", "already")
    target_loaded = (tl in ("rc=0", "already")) if u.is_module else True
    never = never_applied(res)
    if res.oops or not res.finished and not res.dirty:
        outcome = "oops"
    elif patch_loaded and target_loaded and res.enabled == "1":
        outcome = "unapplied" if never else "stalled" if res.transition == "1" else "loaded"
    else:
        outcome = "refused"
    lines = [m for ph, m in res.msgs if ph != "cleanup"]
    if outcome == "oops":
        tail = [TS.sub("", l).strip() for l in res.console_tail if l.strip()]
        keep = [l for l in tail if OOPS_KEY.search(l)]
        if not any("RIP:" in l for l in keep):
            keep += [l for l in tail if "Call Trace" not in l][-3:]
        lines += keep
    msg = []
    for m in lines:
        m = m.strip()
        if not m or NOISE.search(m):
            continue
        if outcome in ("loaded", "unapplied", "stalled") and (not re.search(r"livepatch|WARNING|BUG|Oops", m) or
                                                   "enabling patch" in m):
            continue
        if outcome in ("refused", "oops") and (not DECISIVE.search(m) or ENABLED_OK.search(m)):
            continue
        if m not in msg:
            msg.append(m)
    if outcome == "oops":
        msg = msg[:8]
    if outcome == "unapplied":
        msg.append("never applied: " + "; ".join(never))
    if outcome == "stalled":
        msg.append("transition still 1 after 60 s, not switched: " + "; ".join(
            "%s (%s)" % (comm, " < ".join(stack)) for comm, stack in res.stalled.values()))
    if not msg:
        msg = ["-"]
    observed = "-"
    for mod in (u.target_name if u.is_module else "vmlinux", u.patch_name):
        if mod in res.probe:
            vals = ["%s" % v if rc == "rc=0" else "error(%s): %s" % (rc, v) for rc, v in res.probe[mod]]
            observed = " ; ".join(vals)
            break
    clean = lambda s: s.replace("\t", " ").strip() or "-"
    return [u.scenario, u.patch, u.candidate, u.order, "yes" if patch_loaded else "no",
            "yes" if target_loaded else "no", outcome, clean(" | ".join(msg)), clean(observed)]


def never_applied(res):
    """Why the patch, loaded and enabled, never reached the target ([] when it did): the target's object
    (vmlinux for a vmlinux candidate; only recordings with OBJ lines are judged by it) is not patched,
    or a .klp.sym.* of that object or of vmlinux is 0 in /proc/kallsyms."""
    u = res.unit
    obj = u.target_name if u.is_module else "vmlinux"
    why = []
    if res.objs and res.objs.get(obj) != "1":
        why.append("object %s %s" % (obj, "patched=" + res.objs[obj] if obj in res.objs
                                     else "not in the patch (objects: %s)" % ", ".join(sorted(res.objs))))
    zero = []
    for l in res.ksym:
        f = l.split()
        m = re.match(r"\.klp\.sym\.([^.]+)\.", f[2])
        if m and m.group(1) in (obj, "vmlinux") and int(f[0], 16) == 0:
            zero.append(f[2])
    if zero:
        why.append("unresolved in /proc/kallsyms: " + ", ".join(zero))
    return why


def ksym_rows(res):
    """One row per .klp.sym.* entry: where it resolved, and which same-named symbol that is."""
    u = res.unit
    own = collections.defaultdict(list)   # (name, module or "") -> [(addr, type)]
    for l in res.own:
        f = l.split()
        own[(f[2], f[3][1:-1] if len(f) > 3 else "")].append((f[0], f[1]))
    rows = []
    for l in res.ksym:
        f = l.split()
        addr, sym = f[0], f[2]
        m = re.match(r"\.klp\.sym\.([^.]+)\.(.*),(\d+)$", sym)
        if not m:
            continue
        obj, name, pos = m.groups()
        cands = own[(name, "" if obj == "vmlinux" else obj)]
        hit = [i + 1 for i, (a, _) in enumerate(cands) if a == addr]
        listing = ",".join("%d:%s:%s" % (i + 1, a, t) for i, (a, t) in enumerate(cands)) or "-"
        rows.append([u.scenario, u.patch, u.candidate, u.order, sym, addr,
                     "#%d of %d" % (hit[0], len(cands)) if hit else
                     ("unresolved" if int(addr, 16) == 0 else "no same-named symbol at that address"),
                     listing])
    return rows


def strip_boot_noise(text):
    """Keep the kernel banner line and everything from the init script on."""
    out, started = [], False
    for line in text.split("\n"):
        if started:
            out.append(line)
        elif "Linux version" in line:
            out.append(line[line.index("Linux version"):])
        elif line.startswith("@@KLP BOOTED"):
            started = True
            out.append(line)
    if not started:   # the init script never ran: keep the tail of the boot
        out += text.split("\n")[-80:]
    return "\n".join(out)


# --------------------------------------------------------------------------- other kernels
# the 6.1 release the top-level samples were built for (its vmlinux candidates become another kernel's own)
RELEASE_6_1 = "6.1.0-57-amd64"


def kernels_table():
    """The rows of samples/kernels/kernels.tsv, by short name."""
    with open(os.path.join(SAMPLES, "kernels", "kernels.tsv")) as f:
        lines = [l.rstrip("\n").split("\t") for l in f if l.strip() and not l.startswith("#")]
    return {l[0]: dict(zip(lines[0], l)) for l in lines[1:]}


def kernel_rows(short, rows):
    """The rows of scenarios.tsv as rebuilt for kernel `short` under samples/kernels/<short>/: the scenarios
    that have a folder there, paths prefixed with kernels/<short>/; a vmlinux candidate of 6.1.0-57 is
    that kernel's own vmlinux-<release>.symtab.xz (in the scenario's folder), one of another 6.1 release
    has no counterpart and is left out."""
    k = kernels_table().get(short)
    if k is None:
        raise SystemExit("no kernel %r in samples/kernels/kernels.tsv" % short)
    top = "kernels/%s/" % short
    out = []
    for r in rows:
        if not os.path.isdir(os.path.join(SAMPLES, top, r["scenario"])):
            continue
        cand = r["candidate"]
        m = re.match(r"vmlinux-(.+?)\.symtab", os.path.basename(cand))
        if m:
            if m.group(1) != RELEASE_6_1:
                print("  %s: %s has no %s counterpart, left out" % (r["scenario"], cand, short), file=sys.stderr)
                continue
            cand = "%s/vmlinux-%s.symtab.xz" % (r["scenario"], k["release"])
        out.append(dict(r, patch=top + r["patch"], candidate=top + cand, dir=top + r["scenario"]))
    return out


# --------------------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kernel", required=True, help="vmlinuz of the kernel recorded (6.1.0-57-amd64 by default)")
    ap.add_argument("--kernel-version", dest="short", default="6.1",
                    help="kernel of samples/kernels/kernels.tsv whose samples to record (default 6.1, the top-level "
                         "samples; others: samples/kernels/<short>/)")
    ap.add_argument("--kmoddir", help="lib/modules/<release> of the unpacked image package (for dependencies)")
    ap.add_argument("--kernel-for", action="append", default=[], metavar="RELEASE=VMLINUZ",
                    help="kernel to boot for vmlinux candidates of another release")
    ap.add_argument("--busybox", default="/bin/busybox")
    ap.add_argument("--scenarios", default=os.path.join(SAMPLES, "scenarios.tsv"))
    ap.add_argument("--out", help="default: samples/kernel-verdicts.tsv (6.1), "
                                  "samples/kernels/<short>/kernel-verdicts.tsv (the others)")
    ap.add_argument("--logdir", help="default: kernel-log/ beside --out's default")
    ap.add_argument("--only", nargs="*", help="scenarios to run (others keep their rows in --out)")
    ap.add_argument("--jobs", type=int, default=1, help="scenarios booted at the same time")
    ap.add_argument("--unit-seconds", type=int, default=30,
                    help="time a boot may take per unit, beyond 90 s (default 30; a scenario whose transition "
                         "stalls waits 60 s for it, and as long again if its unpatching stalls too)")
    args = ap.parse_args()

    with open(args.scenarios) as f:
        lines = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    header = lines[0].split("\t")
    rows = [dict(zip(header, l.split("\t"))) for l in lines[1:]]
    home = SAMPLES if args.short == "6.1" else os.path.join(SAMPLES, "kernels", args.short)
    if args.short != "6.1":
        rows = kernel_rows(args.short, rows)
    args.out = args.out or os.path.join(home, "kernel-verdicts.tsv")
    args.logdir = args.logdir or os.path.join(home, "kernel-log")
    print("kernel %s: %s, QEMU accelerator %s" % (args.short, args.kernel, accel), file=sys.stderr)
    by_scen = collections.OrderedDict()
    for r in rows:
        by_scen.setdefault(r["scenario"], []).append(r)
    if args.only:
        by_scen = collections.OrderedDict((k, v) for k, v in by_scen.items() if k in args.only)

    kernels = {}
    m = re.match(r"vmlinuz-(.+)$", os.path.basename(args.kernel))
    if m:
        kernels[m.group(1)] = args.kernel
    for kf in args.kernel_for:
        rel, _, path = kf.partition("=")
        kernels[rel] = path

    resolver = Resolver(SAMPLES, args.kmoddir)
    os.makedirs(args.logdir, exist_ok=True)
    init_src = os.path.join(HERE, "init")
    t_all = time.time()

    def plan_scenario(srows):
        units, idx = [], 0
        for r in srows:
            for order in ORDERS:
                missing = [p for p in (r["patch"], r["candidate"]) if not os.path.exists(os.path.join(SAMPLES, p))]
                if missing:
                    print("  %s: skipping row, missing %s" % (r["scenario"], missing), file=sys.stderr)
                    break
                u = Unit(idx, r, order)
                u.plan_lines = u.plan(resolver)
                units.append(u)
                idx += 1
        return units

    plans = collections.OrderedDict((scen, plan_scenario(srows)) for scen, srows in by_scen.items())

    def run_scenario(scen, units):
        by_idx = {u.idx: u for u in units}
        results, logs, boots = {}, [], 0
        retries = {}        # unit index -> boots thrown away for it (QEMU flakes, see FLAKE)
        t0 = time.time()
        groups = collections.OrderedDict()
        for u in units:
            groups.setdefault(u.release if u.release in kernels else None, []).append(u)
        for release, group in groups.items():
          kernel = kernels.get(release, args.kernel)
          pending = list(group)
          while pending and boots < len(units) + 2 + 2 * MAX_RETRIES:
            boots += 1
            with tempfile.TemporaryDirectory(prefix="klps-boot-") as tmp:
                initrd = os.path.join(tmp, "initrd.gz")
                build_initramfs(pending, initrd, init_src, args.busybox)
                text, timed_out, secs = boot(kernel, initrd, os.path.join(tmp, "serial.log"),
                                             timeout=90 + args.unit_seconds * len(pending))
            logs.append("#### klpscope boot %d of scenario %s (%s, %s): units %s, %.1f s%s\n%s" % (
                boots, scen, os.path.basename(kernel), accel, ",".join(str(u.idx) for u in pending), secs,
                " (TIMED OUT)" if timed_out else "", strip_boot_noise(text)))
            got, _ = parse(text, by_idx)
            first = max(got) if got else pending[0].idx
            why = flake(got, pending, text)
            if why and retries.get(first, 0) < MAX_RETRIES:
                # QEMU's failure, not the unit's: the units before it stand, it runs again in a new boot
                retries[first] = retries.get(first, 0) + 1
                logs[-1] = logs[-1].replace("\n", " (QEMU FLAKE: %s; unit %d runs again)\n" % (why, first), 1)
                got.pop(first, None)
                results.update(got)
                pending = [u for u in pending if u.idx >= first]
                print("  %s: boot %d, %s: unit %d runs again" % (scen, boots, why, first), file=sys.stderr)
                continue
            if not got:
                # nothing ran: record the first pending unit as a crash and go on
                u = pending[0]
                r = Result(u)
                r.console_tail = text.split("\n")[-20:]
                got = {u.idx: r}
            for i, r in got.items():
                results[i] = r
            last = max(got)
            pending = [u for u in pending if u.idx > last]
        with open(os.path.join(args.logdir, scen + ".log"), "w") as f:
            f.write("\n".join(logs))
        print("  %s: %d units, %d boot(s), %.1f s" % (scen, len(units), boots, time.time() - t0), file=sys.stderr)
        return scen, [results[u.idx] for u in units if u.idx in results], units

    import concurrent.futures
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        done = list(ex.map(lambda kv: run_scenario(*kv), plans.items()))

    # merge with rows of scenarios not run this time
    keep = []
    if args.only and os.path.exists(args.out):
        with open(args.out) as f:
            old = [l.rstrip("\n").split("\t") for l in f][1:]
        keep = [r for r in old if r and r[0] not in by_scen]
    out_rows, sym_rows = list(keep), []
    for scen, res, units in done:
        for r in res:
            out_rows.append(row_of(r))
            sym_rows += ksym_rows(r)
            for n in r.unit.notes:
                print("  note: %s" % n, file=sys.stderr)
    order = {s: i for i, s in enumerate(collections.OrderedDict((r["scenario"], 1) for r in rows))}
    out_rows.sort(key=lambda r: order.get(r[0], 1e9))
    with open(args.out, "w") as f:
        f.write("\t".join(COLUMNS) + "\n")
        for r in out_rows:
            f.write("\t".join(r) + "\n")
    symfile = os.path.join(args.logdir, "klp-sym-resolution.tsv")
    old_sym = []
    if args.only and os.path.exists(symfile):
        with open(symfile) as f:
            old_sym = [l.rstrip("\n").split("\t") for l in f][1:]
        old_sym = [r for r in old_sym if r and r[0] not in by_scen]
    sym_rows = old_sym + sym_rows
    sym_rows.sort(key=lambda r: order.get(r[0], 1e9))
    with open(symfile, "w") as f:
        f.write("\t".join(("scenario", "patch", "candidate", "order", "klp_sym", "resolved_addr",
                           "match", "same_named_symbols(pos:addr:type)")) + "\n")
        for r in sym_rows:
            f.write("\t".join(r) + "\n")
    print("wrote %s (%d rows) in %.0f s" % (args.out, len(out_rows), time.time() - t_all), file=sys.stderr)


if __name__ == "__main__":
    main()
