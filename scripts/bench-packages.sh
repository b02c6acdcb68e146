#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check --kernels on Debian's linux-image packages (issue 14): klpscope's first run (empty cache) and second run
# (cache warm) against `dpkg-deb --fsys-tarfile PKG | tar -x MEMBER` of the same member, package by package and for
# the whole matrix; klpscope's peak heap bounded with -Xmx256m. Called by scripts/bench.sh; runs alone too:
#
#   bash scripts/bench-packages.sh [JAR]      (JAR: default target/klpscope.jar)
#
# Packages: every linux-image-6.1.0-NN-amd64 and linux-image-6.12.*-amd64 .deb in ${KLP_CACHE:-/var/cache/klpscope}
# (scripts/bench-fetch.sh or `apt-get download` puts them there). Prints a Markdown table.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
JAR=${1:-$REPO/target/klpscope.jar}
CACHE=${KLP_CACHE:-/var/cache/klpscope}
RUNS=${BENCH_RUNS:-3}
PATCH=$REPO/samples/debian/debian_lp.ko
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

mapfile -t PKGS < <(ls "$CACHE"/linux-image-6.1.0-*-amd64_*_amd64.deb "$CACHE"/linux-image-6.12.*-amd64_*_amd64.deb 2>/dev/null \
	| grep -v -- '-dbg_' | sort -V)
[ ${#PKGS[@]} -gt 0 ] || { echo "no linux-image packages in $CACHE" >&2; exit 2; }

member() { # PKG: the sch_codel member's path in the package, as tar names it
	dpkg-deb -c "$1" | awk '{print $NF}' | grep -m1 -E '/sch_codel\.ko(\.xz)?$'
}

# seconds (wall) of the command, best of $RUNS, with PREPARE run before each
best() { # PREPARE COMMAND
	local best=999999 t
	for _ in $(seq "$RUNS"); do
		eval "$1"
		t=$( { /usr/bin/time -f %e bash -c "$2" >/dev/null 2>/dev/null; } 2>&1 | tail -1)
		best=$(python3 -c "print(min($best, $t))")
	done
	echo "$best"
}

klp() { # cache dir, packages...: the klpscope command line
	local cache=$1; shift
	echo "java -Xmx256m -Dklpscope.cache=$cache -jar $JAR check $PATCH --kernels $* --format brief --fail-on never"
}

echo "| input | dpkg-deb \| tar -x (s) | klpscope first run (s) | ratio | klpscope cache warm (s) |"
echo "|---|---|---|---|---|"
all_tar=""
for pkg in "${PKGS[@]}"; do
	m=$(member "$pkg")
	tar_cmd="dpkg-deb --fsys-tarfile $pkg | tar -x -C $WORK/x $m"
	all_tar="$all_tar $tar_cmd;"
	t_tar=$(best "rm -rf $WORK/x; mkdir -p $WORK/x" "$tar_cmd")
	t_first=$(best "rm -rf $WORK/c" "$(klp "$WORK/c" "$pkg")")
	t_warm=$(best ":" "$(klp "$WORK/c" "$pkg")")
	echo "| $(basename "$pkg") | $t_tar | $t_first | $(python3 -c "print(f'{$t_first/$t_tar:.2f}')") | $t_warm |"
done
t_tar=$(best "rm -rf $WORK/x; mkdir -p $WORK/x" "$all_tar")
t_first=$(best "rm -rf $WORK/c" "$(klp "$WORK/c" "${PKGS[*]}")")
t_warm=$(best ":" "$(klp "$WORK/c" "${PKGS[*]}")")
echo "| all ${#PKGS[@]} packages (matrix) | $t_tar | $t_first | $(python3 -c "print(f'{$t_first/$t_tar:.2f}')") | $t_warm |"
echo
echo "Machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; every klpscope run with -Xmx256m."
