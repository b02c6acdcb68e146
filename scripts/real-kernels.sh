#!/usr/bin/env bash
# Runs klpscope on real Debian kernel modules that are too big to commit: the debian sample's livepatch
# (samples/debian/debian_lp.ko, targets sch_codel) against sch_codel.ko from two 6.1 ABI numbers and against the
# xz-compressed sch_codel.ko.xz of a 6.12 backport kernel. Packages are cached outside the repository.
# Usage: scripts/real-kernels.sh            (needs: mvn -B -DskipTests package first)
set -euo pipefail
cd "$(dirname "$0")/.."
cache=${KLP_CACHE:-/var/cache/klpscope}
mkdir -p "$cache"
jar=target/klpscope.jar
[ -f "$jar" ] || { echo "build first: mvn -B -DskipTests package" >&2; exit 2; }

fetch() { # package -> extracted directory
  local pkg=$1 dir="$cache/$1"
  if [ ! -d "$dir/lib/modules" ]; then
    (cd "$cache" && ls "${pkg}"_*.deb >/dev/null 2>&1 || apt-get download "$pkg" >/dev/null)
    mkdir -p "$dir" && dpkg -x "$(ls "$cache/${pkg}"_*.deb | head -1)" "$dir"
  fi
  echo "$dir"
}

if ! apt-cache show linux-image-6.1.0-47-amd64 >/dev/null 2>&1; then apt-get update -qq; fi
new612=$(apt-cache search '^linux-image-6\.12\.[0-9]+\+deb12-amd64$' | sort -V | tail -1 | cut -d' ' -f1)
d47=$(fetch linux-image-6.1.0-47-amd64)
d57=$(fetch linux-image-6.1.0-57-amd64)
d612=$(fetch "$new612")
m47=$(find "$d47" -name sch_codel.ko | head -1)
m57=$(find "$d57" -name sch_codel.ko | head -1)
m612=$(find "$d612" -name 'sch_codel.ko*' | head -1)

echo "== candidates"
for m in "$m47" "$m57" "$m612"; do echo "  $m ($(stat -c %s "$m") bytes)"; done
echo "== check samples/debian/debian_lp.ko against 6.1.0-47, 6.1.0-57 and $new612"
set +e
java -jar "$jar" check samples/debian/debian_lp.ko "$m57" "$m47" "$m612" --fail-on never
echo "== show the 6.12 module's klp-relevant facts (read through xz)"
java -jar "$jar" check samples/debian/debian_lp.ko "$m612" --format json --fail-on never | head -c 2000; echo
