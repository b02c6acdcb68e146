#!/usr/bin/env bash
# system-maps.sh : System.map files for the System.map tests, into $KLP_CACHE/sysmap/<release>/System.map-<release>.
#  - 6.12.95+deb12-amd64: Debian's own, taken out of linux-image-6.12.95+deb12-amd64-dbg (usr/lib/debug/boot/);
#  - 6.1.0-NN-amd64: Debian's linux-image-6.1.0-NN-amd64 ships only a placeholder and the 6.1 -dbg packages are
#    not kept, so the map is made from the cached -dbg vmlinux (dbg/NN/vmlinux) with Debian's own
#    scripts/mksysmap of linux-kbuild-6.1, which is how kbuild makes System.map (link-vmlinux.sh).
# The 6.12 one is also remade the same way and compared with Debian's, to show the procedure is kbuild's.
set -euo pipefail
CACHE=${KLP_CACHE:-/var/cache/klpscope}
OUT=$CACHE/sysmap
mkdir -p "$OUT"
r=6.12.95+deb12-amd64
dbg=$(ls "$CACHE"/linux-image-$r-dbg_*.deb 2>/dev/null | head -1 || true)
if [ ! -f "$OUT/$r/System.map-$r" ] && [ -n "$dbg" ]; then
  mkdir -p "$OUT/$r.tmp"
  dpkg-deb --fsys-tarfile "$dbg" | tar -x -C "$OUT/$r.tmp" --occurrence=1 "./usr/lib/debug/boot/System.map-$r" || true
  mkdir -p "$OUT/$r" && mv "$OUT/$r.tmp/usr/lib/debug/boot/System.map-$r" "$OUT/$r/" && rm -rf "$OUT/$r.tmp"
fi
mksysmap=/usr/lib/linux-kbuild-6.1/scripts/mksysmap
[ -f "$mksysmap" ] || apt-get install -y linux-kbuild-6.1 >/dev/null
for d in "$CACHE"/dbg/*/; do
  abi=$(basename "$d"); r=$abi-amd64
  [ -f "$d/vmlinux" ] && [ ! -f "$OUT/$r/System.map-$r" ] || continue
  mkdir -p "$OUT/$r"
  NM=nm sh "$mksysmap" "$d/vmlinux" "$OUT/$r/System.map-$r.tmp" && mv "$OUT/$r/System.map-$r.tmp" "$OUT/$r/System.map-$r"
  echo "made $r"
done
# Module.symvers of each build, beside its map (SystemMapReader.companion finds it there): linux-headers-RELEASE.
for dir in "$OUT"/*/; do
  r=$(basename "$dir")
  [ -f "$dir/Module.symvers" ] && continue
  hdr=$(ls "$CACHE"/linux-headers-${r}_*.deb 2>/dev/null | head -1 || true)
  if [ -z "$hdr" ]; then (cd "$CACHE" && apt-get download "linux-headers-$r" >/dev/null 2>&1) || true
    hdr=$(ls "$CACHE"/linux-headers-${r}_*.deb 2>/dev/null | head -1 || true); fi
  [ -n "$hdr" ] || { echo "no linux-headers-$r"; continue; }
  dpkg-deb --fsys-tarfile "$hdr" | tar -xO "./usr/src/linux-headers-$r/Module.symvers" > "$dir/Module.symvers.tmp" \
    && mv "$dir/Module.symvers.tmp" "$dir/Module.symvers" && echo "symvers $r"
done
if [ -f "$CACHE/vmlinux-6.12.95+deb12-amd64" ] && [ -f "$OUT/6.12.95+deb12-amd64/System.map-6.12.95+deb12-amd64" ]; then
  m=/usr/lib/linux-kbuild-6.12/scripts/mksysmap
  [ -f "$m" ] || m=$(ls "$CACHE"/headers-6.12.95+deb12-amd64/usr/lib/linux-kbuild-6.12*/scripts/mksysmap | head -1)
  # 6.12's mksysmap is a sed script (link-vmlinux.sh: ${NM} -n vmlinux | sed -f scripts/mksysmap)
  nm -n "$CACHE/vmlinux-6.12.95+deb12-amd64" | sed -f "$m" > /tmp/System.map-6.12.remade
  cmp /tmp/System.map-6.12.remade "$OUT/6.12.95+deb12-amd64/System.map-6.12.95+deb12-amd64" \
    && echo "6.12: mksysmap over the -dbg vmlinux gives Debian's System.map byte for byte"
  rm -f /tmp/System.map-6.12.remade
fi
