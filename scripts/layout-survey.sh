#!/bin/sh
# Which variables' type layouts changed between adjacent Debian kernel builds (BTF VARs: per-CPU variables), as
# var-layout would report them: vmlinux of every pair of cached -dbg builds, and the modules of the ABIs whose
# module trees are cached. Results go to $KLP_CACHE/survey/layout-<old>-<new>.tsv; docs/real-kernels.md has the
# figures. Needs scripts/fetch-dbg-vmlinux.sh's cache and `mvn -q -o test-compile`.
#
#   scripts/layout-survey.sh                      6.1.0-47 .. 6.1.0-57, adjacent pairs and 53 -> 57
#   scripts/layout-survey.sh OLD_ABI NEW_ABI      one pair, e.g. 6.1.0-53 6.1.0-57
set -eu
cd "$(dirname "$0")/.."
cache=${KLP_CACHE:-/var/cache/klpscope}
mvn -q -o test-compile
cp=target/test-classes:target/classes:$(mvn -q -o dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
mkdir -p "$cache/survey"
pair() {
	old=$1 new=$2
	set -- "$cache/dbg/$old/vmlinux" "$cache/dbg/$new/vmlinux"
	om=$cache/modules/$old/lib/modules/$old-amd64/kernel
	nm=$cache/modules/$new/lib/modules/$new-amd64/kernel
	if [ -d "$om" ] && [ -d "$nm" ]; then set -- "$@" "$om" "$nm"; fi
	echo "== $old -> $new"
	java -Xmx2g -cp "$cp" dev.klpscope.realkernels.LayoutSurvey "$@" > "$cache/survey/layout-$old-$new.tsv"
	cat "$cache/survey/layout-$old-$new.tsv"
}
if [ $# -eq 2 ]; then
	pair "$1" "$2"
else
	pair 6.1.0-47 6.1.0-50
	pair 6.1.0-50 6.1.0-53
	pair 6.1.0-53 6.1.0-56
	pair 6.1.0-56 6.1.0-57
	pair 6.1.0-53 6.1.0-57
fi
