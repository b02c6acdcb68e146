#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check --kernels on Debian's linux-image packages (issue 14): klpscope's first run (empty cache) and second run
# (cache warm) against `dpkg-deb --fsys-tarfile PKG | tar -x MEMBER` of the same member, package by package and for
# the whole matrix; klpscope's peak heap bounded with -Xmx256m. Called by scripts/bench.sh; runs alone too:
#
#   bash scripts/bench-packages.sh [JAR]      (JAR: default target/klpscope.jar)
#
# BENCH_ONLY='GLOB...' (space-separated) limits the per-package rows (the matrix row always has every package).
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

member() { # PKG: the sch_codel member's path in the package, as tar names it (from the package's name: listing
	# a package decompresses all of it)
	local release
	release=$(basename "$1" | sed -E 's/^linux-image-(.*)_[^_]*_[^_]*\.deb$/\1/')
	case $release in
	6.1.*) echo "./lib/modules/$release/kernel/net/sched/sch_codel.ko" ;;
	*) echo "./lib/modules/$release/kernel/net/sched/sch_codel.ko.xz" ;;
	esac
}

# "WALL CPU" seconds of the command (CPU: user + system, children included), best wall of $RUNS, PREPARE before each.
# On a shared machine the wall time follows the load; the CPU time is what the command costs.
best() { # PREPARE COMMAND
	local best="999999 0" t
	for _ in $(seq "$RUNS"); do
		eval "$1"
		/usr/bin/time -o "$WORK/time" -f '%e %U %S' bash -c "$2" >/dev/null 2>&1 || true
		t=$(tail -1 "$WORK/time" | awk '{printf "%.2f %.2f", $1, $2 + $3}')
		best=$(printf '%s\n%s\n' "$best" "$t" | sort -n | head -1)
	done
	echo "$best"
}

# "WALL (CPU)" of a "WALL CPU" pair, and the ratio of two pairs' wall and CPU times
cell() { echo "$1 ($2)"; }
ratio() { python3 -c "print(f'{$3/$1:.2f} ({$4/$2:.2f})')"; }

klp() { # cache dir, packages...: the klpscope command line
	local cache=$1; shift
	echo "java -Xmx256m -Dklpscope.cache=$cache -jar $JAR check $PATCH --kernels $* --format brief --fail-on never"
}

echo "Seconds wall (CPU: user + system)."
echo
echo "| input | dpkg-deb \| tar -x | klpscope first run | ratio | klpscope cache warm |"
echo "|---|---|---|---|---|"
all_tar=""
row() { # LABEL TAR-COMMAND PACKAGES...
	local label=$1 tar_cmd=$2 t_tar t_first t_warm
	shift 2
	t_tar=$(best "rm -rf $WORK/x; mkdir -p $WORK/x" "$tar_cmd")
	t_first=$(best "rm -rf $WORK/c" "$(klp "$WORK/c" "$@")")
	t_warm=$(best ":" "$(klp "$WORK/c" "$@")")
	# shellcheck disable=SC2086
	echo "| $label | $(cell $t_tar) | $(cell $t_first) | $(ratio $t_tar $t_first) | $(cell $t_warm) |"
}
for pkg in "${PKGS[@]}"; do
	tar_cmd="dpkg-deb --fsys-tarfile $pkg | tar -x -C $WORK/x $(member "$pkg")"
	all_tar="$all_tar $tar_cmd;"
	for glob in ${BENCH_ONLY:-*}; do
		# shellcheck disable=SC2254
		case $(basename "$pkg") in $glob) row "$(basename "$pkg")" "$tar_cmd" "$pkg"; break ;; esac
	done
done
row "all ${#PKGS[@]} packages (the matrix)" "$all_tar" "${PKGS[@]}"
echo
echo "Machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; every klpscope run with -Xmx256m."
