#!/usr/bin/env bash
# make-excerpts.sh : the System.map and Module.symvers excerpts committed here (derived, a few KB), from the
# full files scripts/system-maps.sh puts in $KLP_CACHE/sysmap/<release>/. Kept: the first two lines, every line
# naming a symbol the vmlinux_lp samples reference, replace or import (all same-named lines, so sympos counts are
# the full map's), and two neighbours either side of each; in the map's order. Deterministic.
set -euo pipefail
CACHE=${KLP_CACHE:-/var/cache/klpscope}
here=$(cd "$(dirname "$0")" && pwd)
names="core_pattern pmus mm_slots_hash cmdline_proc_show klp_enable_patch seq_printf __fentry__ __x86_return_thunk module_layout"
for r in 6.12.95+deb12-amd64 6.1.0-57-amd64 6.1.0-47-amd64; do
  src=$CACHE/sysmap/$r
  out=$here/$r
  mkdir -p "$out"
  awk -v names="$names" 'BEGIN { n = split(names, a, " "); for (i = 1; i <= n; i++) want[a[i]] = 1 }
       { line[NR] = $0; if ($3 in want) hit[NR] = 1 }
       END { for (i = 1; i <= NR; i++) for (d = -2; d <= 2; d++) if ((i + d) in hit || i <= 2) { print line[i]; break } }' \
      "$src/System.map-$r" > "$out/System.map-$r"
  awk -F'\t' -v names="$names" 'BEGIN { n = split(names, a, " "); for (i = 1; i <= n; i++) want[a[i]] = 1 }
       $3 == "vmlinux" && ($2 in want)' "$src/Module.symvers" > "$out/Module.symvers"
  echo "$r: $(wc -l < "$out/System.map-$r") map lines, $(wc -l < "$out/Module.symvers") symvers lines"
done
