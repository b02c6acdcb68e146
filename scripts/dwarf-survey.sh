#!/usr/bin/env bash
# DWARF layout survey (docs/real-kernels.md, "DWARF layout survey"): every data variable (STT_OBJECT in an allocated,
# non-executable section; per-CPU counted apart) of vmlinux and of the modules under kernel/fs/ and kernel/net/,
# found in each build's DWARF as var-layout finds it, and its type layout compared between builds
# (dev.klpscope.realkernels.DwarfLayoutSurvey). Pairs: 6.1.0-47 -> 50 -> 53 -> 56 -> 57, and 6.1.0-57 -> 6.12.95.
# Then scripts/dwarf_survey_pahole.py checks the changed layouts against pahole (<old>-<new>/pahole.tsv).
# Inputs: the -dbg packages in the cache (scripts/fetch-dbg-vmlinux.sh; 6.12.95's in $cache), extracted by
# scripts/dwarf-survey-extract.sh. Outputs under ${KLP_CACHE:-/var/cache/klpscope}/survey/dwarf/:
#   abi/<abi>.tsv              one line per variable of one build (unit, type, layout)
#   <old>-<new>/counts.tsv     figures of the pair;  <old>-<new>/changed.tsv  the changed variables and their diff
# Usage: scripts/dwarf-survey.sh            FORCE=1 re-extracts builds already extracted
set -euo pipefail
cd "$(dirname "$0")/.."
cache=${KLP_CACHE:-/var/cache/klpscope}
out=$cache/survey/dwarf
abis=(6.1.0-47 6.1.0-50 6.1.0-53 6.1.0-56 6.1.0-57 6.12.95)
scripts/dwarf-survey-extract.sh "${abis[@]}"
mvn -q -o test-compile
cp=target/test-classes:target/classes:$(mvn -q -o dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
mkdir -p "$out/abi"
for abi in "${abis[@]}"; do
  if [ -n "${FORCE:-}" ] || [ ! -s "$out/abi/$abi.tsv" ]; then
    tree=$(ls -d "$cache/dbg/$abi"/debug-modules/usr/lib/debug/lib/modules/*/kernel)
    java -Xmx4g -cp "$cp" dev.klpscope.realkernels.DwarfLayoutSurvey extract "$out/abi/$abi.tsv.tmp" \
      "$cache/dbg/$abi/vmlinux" "$tree"
    mv "$out/abi/$abi.tsv.tmp" "$out/abi/$abi.tsv"
  fi
done
pair() {
  echo "== $1 -> $2"
  java -Xmx4g -cp "$cp" dev.klpscope.realkernels.DwarfLayoutSurvey pair "$out/abi/$1.tsv" "$out/abi/$2.tsv" "$out/$1-$2"
}
pair 6.1.0-47 6.1.0-50
pair 6.1.0-50 6.1.0-53
pair 6.1.0-53 6.1.0-56
pair 6.1.0-56 6.1.0-57
pair 6.1.0-57 6.12.95
# the changed layouts against pahole: every one of the 6.1 pairs, the first of each type, 30 in vmlinux and 30 in modules, of 57 -> 6.12
for p in "6.1.0-47 6.1.0-50" "6.1.0-50 6.1.0-53" "6.1.0-53 6.1.0-56" "6.1.0-56 6.1.0-57"; do
  python3 scripts/dwarf_survey_pahole.py "$cache" $p
done
python3 scripts/dwarf_survey_pahole.py "$cache" 6.1.0-57 6.12.95 60
