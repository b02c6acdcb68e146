#!/usr/bin/env bash
# vmlinux field survey (docs/real-kernels.md, "vmlinux field survey"): an oracle independent of klpscope's code.
# Over Debian's -dbg vmlinux of several 6.1 ABIs (scripts/fetch-dbg-vmlinux.sh fetches them) and adjacent ABI pairs:
#   same.tsv / differ.tsv    functions at the same size whose objdump -d is / is not identical once every address
#                            is replaced by what it reaches
#   shifted.tsv / stable.tsv same-name local functions/objects whose N-th copy (kallsyms order) lies in another /
#                            the same compilation unit (STT_FILE) in the two builds
# into ${KLP_CACHE:-/var/cache/klpscope}/survey/<abiA>-<abiB>/, with per-build extracts in survey/abi/<abi>/.
# Usage: scripts/vmlinux-survey.sh [ABI...]   (newest first; default: 6.1.0-57 6.1.0-56 6.1.0-53 6.1.0-50 6.1.0-47)
#        FORCE=1 re-extracts builds already surveyed; RELOCS=N cross-checks N functions of each same.tsv against
#        the linker's relocations (default 1000, 0 skips; exit status 1 if any differ).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${KLP_CACHE:-/var/cache/klpscope}
out="$cache/survey"
[ $# -gt 0 ] || set -- 6.1.0-57 6.1.0-56 6.1.0-53 6.1.0-50 6.1.0-47
command -v objdump >/dev/null || { echo "needs objdump (binutils)" >&2; exit 2; }
for abi in "$@"; do
  [ -f "$cache/dbg/$abi/vmlinux" ] || { echo "no $cache/dbg/$abi/vmlinux: run scripts/fetch-dbg-vmlinux.sh $abi" >&2; exit 2; }
done
mkdir -p "$out/abi"
for abi in "$@"; do
  if [ -n "${FORCE:-}" ] || [ ! -f "$out/abi/$abi/funcs.tsv" ]; then
    start=$(date +%s)
    python3 "$here/vmlinux_survey.py" extract "$cache/dbg/$abi/vmlinux" "$out/abi/$abi"
    echo "extracted $abi in $(( $(date +%s) - start )) s"
  fi
done
prev=
status=0
for abi in "$@"; do
  if [ -n "$prev" ]; then
    python3 "$here/vmlinux_survey.py" pair "$out/abi/$prev" "$out/abi/$abi" "$out/$prev-$abi"
    # a second look at same.tsv through the linker's relocations (RELOCS=0 skips it)
    [ "${RELOCS:-1000}" = 0 ] || python3 "$here/vmlinux_survey.py" relocs "$cache/dbg/$prev/vmlinux" \
      "$cache/dbg/$abi/vmlinux" "$out/$prev-$abi" "${RELOCS:-1000}" | tail -1 || status=1
  fi
  prev=$abi
done
exit $status
