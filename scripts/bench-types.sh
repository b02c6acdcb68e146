#!/bin/sh
# What BTF and DWARF cost a `check` against Debian's -dbg vmlinux (issue 15; docs/performance.md): the same check
# of a patch referencing platform_bus (DWARF only) or rcu_data (a BTF VAR) against 6.1.0-47 and -50, each vmlinux
# given without .BTF and .debug_* (no types), without .debug_* (BTF only) and as shipped (BTF and DWARF).
# Needs scripts/fetch-dbg-vmlinux.sh's cache, objcopy (binutils) and `mvn -q -o test-compile`.
#
#   scripts/bench-types.sh                  5 runs each (BENCH_RUNS to change)
#   scripts/bench-types.sh OLD_ABI NEW_ABI  another pair, e.g. 6.1.0-53 6.1.0-57
set -eu
cd "$(dirname "$0")/.."
cache=${KLP_CACHE:-/var/cache/klpscope}
old=${1:-6.1.0-47} new=${2:-6.1.0-50}
work=${BENCH_WORK:-/tmp/klpscope-bench-types}
mkdir -p "$work"
for abi in "$old" "$new"; do
	[ -f "$work/$abi.btf" ] || objcopy --remove-section='.debug_*' --remove-section='.rela.debug_*' "$cache/dbg/$abi/vmlinux" "$work/$abi.btf"
	[ -f "$work/$abi.none" ] || objcopy --rename-section .BTF=.BTF.hidden "$work/$abi.btf" "$work/$abi.none" # vmlinux symbols point into .BTF: hidden, not removed
done
mvn -q -o test-compile
cp=target/test-classes:target/classes:$(mvn -q -o dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs"
java -Xmx2g -Dbench.runs="${BENCH_RUNS:-5}" -cp "$cp" dev.klpscope.realkernels.TypesBench samples/vmlinux/vmlinux_lp.ko \
	"$work/$old.none" "$work/$new.none" "$work/$old.btf" "$work/$new.btf" "$cache/dbg/$old/vmlinux" "$cache/dbg/$new/vmlinux"
