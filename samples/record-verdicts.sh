#!/bin/bash
# Record the real kernel's verdicts on the samples: boots Debian's 6.1.0-57-amd64 kernel under
# QEMU (TCG; KVM does not work on these machines) with a busybox initramfs per scenario, loads each
# livepatch and candidate of samples/scenarios.tsv in both orders and writes
#   samples/kernel-verdicts.tsv, samples/kernel-log/<scenario>.log,
#   samples/kernel-log/klp-sym-resolution.tsv
# Manual, not part of CI.  Needs root on Debian bookworm (it apt-get installs its tools).
# Usage: samples/record-verdicts.sh [--only SCENARIO...] [--jobs N]
# The kernel package is cached outside the repository in ${KLP_CACHE:-/var/cache/klpscope}.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
release=6.1.0-57-amd64
cache=${KLP_CACHE:-/var/cache/klpscope}

need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
dpkg -s busybox-static >/dev/null 2>&1 || need+=(busybox-static)   # static: it runs alone in the initramfs
command -v cpio >/dev/null || need+=(cpio)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"
fi

# unpack_kernel <release>: Debian's image package of that release, unpacked in the cache
unpack_kernel() {
	local rel=$1 dir=$cache/linux-image-$1
	if [ ! -f "$dir/boot/vmlinuz-$rel" ]; then
		mkdir -p "$cache"
		(cd "$cache" && rm -f linux-image-${rel}_*.deb && apt-get download "linux-image-$rel")
		rm -rf "$dir.tmp"
		dpkg -x "$cache"/linux-image-${rel}_*.deb "$dir.tmp"
		mv "$dir.tmp" "$dir"
	fi
}
unpack_kernel "$release"
kdir=$cache/linux-image-$release

# a vmlinux candidate of another release (vmlinux-<release>.symtab.xz) is judged by booting that
# release's own kernel
extra=()
for rel in $(grep -o 'vmlinux-[^/[:space:]]*\.symtab' "$here/scenarios.tsv" | sed 's/^vmlinux-//; s/\.symtab$//' | sort -u); do
	[ "$rel" = "$release" ] && continue
	unpack_kernel "$rel"
	extra+=(--kernel-for "$rel=$cache/linux-image-$rel/boot/vmlinuz-$rel")
done

exec python3 "$here/kernel/record-verdicts.py" \
	--kernel "$kdir/boot/vmlinuz-$release" \
	--kmoddir "$kdir/lib/modules/$release" \
	--busybox /bin/busybox "${extra[@]}" "$@"
