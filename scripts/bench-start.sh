#!/bin/bash
# Cold start of the command line (issue 17): `klpscope check` on the seed sample against a bare JVM start
# (`java -cp DIR Hello`), runs interleaved (one of each variant per round, so load changes hit all alike), ratio of
# medians. Variants: the plain jar; the jar with an AppCDS archive made here by -XX:ArchiveClassesAtExit; the
# installed launcher (/usr/bin/klpscope, from packaging/build-deb.sh) when present. With the Debian -dbg vmlinux in
# the cache, also a cold check of samples/vmlinux/vmlinux_lp.ko against it next to `readelf -sW` on the same file.
#
#   bash scripts/bench.sh start              (ROUNDS=15 by default; JAR=target/klpscope.jar)
#
# Wall time per run (ms) and CPU time (user+sys, from /proc of the finished child via bash's `times`) are written to
# $OUT (default /tmp/klpscope-bench-start); the table goes to stdout.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-15}
JAR=${JAR:-$REPO/target/klpscope.jar}
OUT=${OUT:-/tmp/klpscope-bench-start}
VMLINUX=${VMLINUX:-${KLP_CACHE:-/var/cache/klpscope}/dbg/6.1.0-57/vmlinux}
LAUNCHER=${LAUNCHER:-/usr/bin/klpscope}
S=$REPO/samples
[ -f "$JAR" ] || { echo "bench-start: $JAR missing (mvn -q -o package -DskipTests)" >&2; exit 2; }
mkdir -p "$OUT/hello"
rm -f "$OUT"/*.ms

cat > "$OUT/hello/Hello.java" <<'J'
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
J
javac -d "$OUT/hello" "$OUT/hello/Hello.java"
SEED=(check --fail-on never "$S/seed/seed_lp1.ko" "$S/seed/v1/foo.ko")
rm -f "$OUT/klpscope.jsa"
java -XX:ArchiveClassesAtExit="$OUT/klpscope.jsa" -jar "$JAR" "${SEED[@]}" >/dev/null 2>"$OUT/cds.log" || true

declare -A CMD
CMD[hello]="java -cp $OUT/hello Hello"
CMD[jar]="java -jar $JAR ${SEED[*]}"
CMD[jar+cds]="java -XX:SharedArchiveFile=$OUT/klpscope.jsa -Xlog:cds=off -Xlog:cds+dynamic=off -jar $JAR ${SEED[*]}"
NAMES=(hello jar jar+cds)
if [ -x "$LAUNCHER" ]; then
	CMD[installed]="$LAUNCHER ${SEED[*]}"
	NAMES+=(installed)
fi
if [ -f "$VMLINUX" ]; then
	CMD[readelf-vmlinux]="readelf -sW $VMLINUX"
	CMD[jar-vmlinux]="java -XX:SharedArchiveFile=$OUT/klpscope.jsa -Xlog:cds=off -Xlog:cds+dynamic=off -jar $JAR check --fail-on never $S/vmlinux/vmlinux_lp.ko $VMLINUX"
	NAMES+=(readelf-vmlinux jar-vmlinux)
fi

run() { # NAME: one run; appends "wall_ms cpu_ms" to $OUT/NAME.ms
	local t0 t1 c0 c1
	c0=$(awk '{print $14+$15+$16+$17}' /proc/$$/stat)
	t0=$(date +%s%N)
	${CMD[$1]} >/dev/null 2>&1 || true
	t1=$(date +%s%N)
	c1=$(awk '{print $14+$15+$16+$17}' /proc/$$/stat)
	echo "$(( (t1 - t0) / 1000000 )) $(( (c1 - c0) * 1000 / $(getconf CLK_TCK) ))" >> "$OUT/$1.ms"
}
for n in "${NAMES[@]}"; do run "$n"; rm -f "$OUT/$n.ms"; done   # warm-up: page cache
for ((i = 0; i < ROUNDS; i++)); do
	for n in "${NAMES[@]}"; do run "$n"; done
done

echo "Machine: $(nproc) CPUs, $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg), $ROUNDS interleaved rounds"
echo
echo "| command | wall ms median (min) | CPU ms median | wall ÷ hello (median) | CPU ÷ hello |"
echo "|---|---|---|---|---|"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
hw=$(cut -d' ' -f1 "$OUT/hello.ms" | median); hc=$(cut -d' ' -f2 "$OUT/hello.ms" | median)
for n in "${NAMES[@]}"; do
	w=$(cut -d' ' -f1 "$OUT/$n.ms" | median); m=$(cut -d' ' -f1 "$OUT/$n.ms" | sort -n | head -1)
	c=$(cut -d' ' -f2 "$OUT/$n.ms" | median)
	echo "| \`${CMD[$n]//$REPO\//}\` | $w ($m) | $c | $(awk -v a="$w" -v b="$hw" 'BEGIN{printf "%.2f", a/b}') | $(awk -v a="$c" -v b="$hc" 'BEGIN{printf "%.2f", b ? a/b : 0}') |"
done
if [ -f "$OUT/readelf-vmlinux.ms" ]; then
	rw=$(cut -d' ' -f1 "$OUT/readelf-vmlinux.ms" | median); jw=$(cut -d' ' -f1 "$OUT/jar-vmlinux.ms" | median)
	echo
	echo "vmlinux cold check ÷ readelf -sW (median wall): $(awk -v a="$jw" -v b="$rw" 'BEGIN{printf "%.2f", a/b}')"
fi
