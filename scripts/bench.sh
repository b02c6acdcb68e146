#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# klpscope performance benchmarks (issue 6): one command, one side-by-side table.
#
#   bash scripts/bench.sh            everything (about 15 minutes on an idle 2-core machine)
#   BENCH_QUICK=1 bash scripts/bench.sh     fewer runs and JMH iterations (a smoke test, about 5 minutes)
#   bash scripts/bench.sh start      cold start only: seed check vs `java -cp DIR Hello` (scripts/bench-start.sh)
#
# 1. inputs from Debian's packages (scripts/bench-fetch.sh; cached in ${KLP_CACHE:-/var/cache/klpscope}, never in git);
# 2. a private copy of the tree built in $BENCH_WORK (default /tmp/klpscope-bench), so other Maven runs in the shared
#    tree cannot clobber target/ while measuring: `mvn -Pbench -DskipTests package` (jar + JMH classes);
# 3. warm analysis: JMH (src/jmh/java/dev/klpscope/bench/AnalysisBench.java), sample mode (min and median) with the
#    gc profiler (bytes allocated per operation);
# 4. cold commands with hyperfine: `java -jar klpscope.jar check ...` (plain, and with an AppCDS archive made by
#    -XX:ArchiveClassesAtExit), against `readelf -sW` / `readelf -rW` on the same files and a bare `java -version`;
# 5. memory: max RSS (/usr/bin/time) of each cold command; live heap after a full GC and whether the analysis runs in
#    -Xmx64m (dev.klpscope.bench.Repeat);
# 6. the table (Markdown, also written to $BENCH_WORK/results.md with the machine and load).
#
# Needs: JDK 17, Maven, readelf (binutils), hyperfine, python3, /usr/bin/time; apt-get installs the missing ones.
set -euo pipefail

# `bash scripts/bench.sh start`: only the cold start of the command line (issue 17), a few minutes.
[ "${1:-}" = start ] && exec bash "$(dirname "$0")/bench-start.sh"

REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_WORK:-/tmp/klpscope-bench}
QUICK=${BENCH_QUICK:-}
RUNS=${BENCH_RUNS:-$([ -n "$QUICK" ] && echo 3 || echo 7)}
SLOW_RUNS=${BENCH_SLOW_RUNS:-3}   # readelf -rW on vmlinux (5.5 s) and on the unstripped amdgpu
MVN_OFFLINE=${MVN_OFFLINE:--o}

log() { echo "== $*" >&2; }

need() { # COMMAND PACKAGE
	command -v "$1" >/dev/null && return 0
	log "installing $2"
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$2" >&2
}
need hyperfine hyperfine
need readelf binutils
need python3 python3
[ -x /usr/bin/time ] || need /usr/bin/time time

IN=$(bash "$REPO/scripts/bench-fetch.sh")
log "inputs in $IN"

# --- build in a private copy ---------------------------------------------------------------------------------
mkdir -p "$WORK/src" "$WORK/out"
(cd "$REPO" && tar --exclude=./target --exclude=./.git -cf - .) | tar -xf - -C "$WORK/src"
SRC=$WORK/src
OUT=$WORK/out
log "building in $SRC"
(cd "$SRC" && mvn $MVN_OFFLINE -q -Pbench -DskipTests package >&2 &&
	mvn $MVN_OFFLINE -q -Pbench dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.cp >&2)
JAR=$SRC/target/klpscope.jar
CP=$SRC/target/test-classes:$SRC/target/classes:$(cat "$SRC/target/bench.cp")
SAMPLES=$SRC/samples

# --- the cases: name, livepatch, candidates, files for readelf --------------------------------------------------
ABI=$(for n in $(seq 47 57); do printf '%s ' "$IN/abi/$n/sch_codel.ko"; done)
declare -A PATCH CANDS READELF
PATCH[sample]=$SAMPLES/debian/debian_lp.ko;   CANDS[sample]=$SAMPLES/debian/v57/sch_codel.ko; READELF[sample]=${CANDS[sample]}
PATCH[abi11]=$SAMPLES/debian/debian_lp.ko;    CANDS[abi11]=$ABI;                         READELF[abi11]=$ABI
PATCH[vmlinux]=$SAMPLES/vmlinux/vmlinux_lp.ko; CANDS[vmlinux]=$IN/vmlinux;               READELF[vmlinux]=$IN/vmlinux
PATCH[amdgpu]=$SAMPLES/debian/debian_lp.ko;   CANDS[amdgpu]=$IN/amdgpu.ko;               READELF[amdgpu]=$IN/amdgpu.ko
PATCH[amdgpu-dbg]=$SAMPLES/debian/debian_lp.ko; CANDS[amdgpu-dbg]=$IN/amdgpu-dbg.ko;     READELF[amdgpu-dbg]=$IN/amdgpu-dbg.ko
CASES=(sample abi11 vmlinux amdgpu amdgpu-dbg)

machine() {
	echo "nproc=$(nproc)"
	echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
	echo "ram_gib=$(awk '/MemTotal/ {printf "%.1f", $2/1048576}' /proc/meminfo)"
	echo "java=$(java -version 2>&1 | head -1)"
	echo "readelf=$(readelf --version | head -1)"
}
machine > "$OUT/machine.txt"
echo "load_start=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"

# --- 3. JMH (warm) -----------------------------------------------------------------------------------------
log "JMH (warm analysis)"
JMH_OPTS=(-f 1 -prof gc -rf json -rff "$OUT/jmh.json" -jvmArgsAppend "-Dklpscope.bench.dir=$IN -Dklpscope.samples=$SAMPLES")
[ -n "$QUICK" ] && JMH_OPTS+=(-wi 2 -i 3 -w 1 -r 1)
java -cp "$CP" org.openjdk.jmh.Main "${JMH_OPTS[@]}" 'dev.klpscope.bench.AnalysisBench' > "$OUT/jmh.txt" 2>&1 ||
	{ tail -30 "$OUT/jmh.txt" >&2; exit 1; }
echo "load_after_jmh=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"

# warm CPU time (process CPU per analysis, second half of 20 runs in one JVM): steadier than wall time under load
log "warm CPU time (bench.Repeat)"
for c in sample abi11 vmlinux; do
	java -Xmx1g -cp "$CP" dev.klpscope.bench.Repeat 20 inspect "${PATCH[$c]}" ${CANDS[$c]} > "$OUT/warmcpu-$c.txt" 2>&1 || true
done
for c in amdgpu amdgpu-dbg; do
	java -Xmx1g -cp "$CP" dev.klpscope.bench.Repeat 20 candidate ${CANDS[$c]} > "$OUT/warmcpu-$c.txt" 2>&1 || true
done

# --- 4. cold commands ----------------------------------------------------------------------------------------
log "AppCDS archive (-XX:ArchiveClassesAtExit, one run of the sample check)"
rm -f "$OUT/klpscope.jsa"
java -XX:ArchiveClassesAtExit="$OUT/klpscope.jsa" -jar "$JAR" check --fail-on never \
	"${PATCH[sample]}" ${CANDS[sample]} > /dev/null 2>"$OUT/cds.log" || true
[ -s "$OUT/klpscope.jsa" ] || { log "no CDS archive: see $OUT/cds.log"; }

hf() { # NAME RUNS COMMAND...: hyperfine without a shell (-N); paths must not hold spaces
	local name=$1 runs=$2; shift 2
	hyperfine -N -i --style none --warmup 1 --runs "$runs" --export-json "$OUT/hf-$name.json" "$*" \
		> /dev/null 2>>"$OUT/hyperfine.log"
}
rss() { # NAME COMMAND...: max RSS in KiB of one run
	local name=$1; shift
	/usr/bin/time -f '%M' -o "$OUT/rss-$name.txt" "$@" > /dev/null 2>&1 || true
}

log "cold: JVM floor"
hf jvm "$RUNS" java -Xshare:auto -version
hf klpscope-version "$RUNS" java -jar "$JAR" --version
rss jvm java -version

for c in "${CASES[@]}"; do
	log "cold: $c"
	slow=$RUNS
	case $c in vmlinux|amdgpu-dbg) slow=$SLOW_RUNS ;; esac
	# readelf on every file of the case, one process per file as a user would run it
	for opt in s r; do
		for f in ${READELF[$c]}; do echo "readelf -${opt}W $f"; done > "$OUT/readelf-$opt-$c.sh"
	done
	hf "readelf-s-$c" "$RUNS" bash "$OUT/readelf-s-$c.sh"
	hf "readelf-r-$c" "$slow" bash "$OUT/readelf-r-$c.sh"
	hf "check-$c" "$RUNS" java -jar "$JAR" check --fail-on never "${PATCH[$c]}" ${CANDS[$c]}
	if [ -s "$OUT/klpscope.jsa" ]; then
		hf "check-cds-$c" "$RUNS" java -XX:SharedArchiveFile="$OUT/klpscope.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
			-jar "$JAR" check --fail-on never "${PATCH[$c]}" ${CANDS[$c]}
	fi
	rss "check-$c" java -jar "$JAR" check --fail-on never "${PATCH[$c]}" ${CANDS[$c]}
	# heap: live heap after a full GC with the result reachable, run inside -Xmx64m
	java -Xmx64m -cp "$CP" dev.klpscope.bench.Repeat 3 inspect "${PATCH[$c]}" ${CANDS[$c]} > "$OUT/heap-$c.txt" 2>&1 ||
		echo "FAILED in -Xmx64m: $(tail -1 "$OUT/heap-$c.txt")" > "$OUT/heap-$c.txt"
	echo ${READELF[$c]} > "$OUT/files-$c.txt"
done
echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"

# --- 6. the table ----------------------------------------------------------------------------------------------
python3 "$REPO/scripts/bench-table.py" "$OUT" | tee "$OUT/results.md"
log "raw results in $OUT"

# --- 7. check --kernels on the cached linux-image packages (issue 14) ---------------------------------------------
log "packages: check --kernels against dpkg-deb | tar -x"
bash "$REPO/scripts/bench-packages.sh" "$JAR" | tee "$OUT/packages.md"
