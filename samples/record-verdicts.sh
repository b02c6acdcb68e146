#!/bin/bash
# Record the real kernel's verdicts on the samples: boots a Debian kernel under QEMU (TCG;
# KLP_ACCEL=kvm tries KVM first and falls back to TCG, see kernel/record-verdicts.py: KVM does not boot
# these kernels on the machines they were recorded on) with a busybox initramfs per
# scenario, loads each livepatch and candidate of samples/scenarios.tsv in both orders and writes
#   6.1 (default, Debian's 6.1.0-57-amd64):
#     samples/kernel-verdicts.tsv, samples/kernel-log/<scenario>.log,
#     samples/kernel-log/klp-sym-resolution.tsv
#   --kernel 6.12 | 7.3 (samples/kernels/kernels.tsv; the scenarios rebuilt under samples/kernels/<k>/):
#     samples/kernels/<k>/kernel-verdicts.tsv, samples/kernels/<k>/kernel-log/...
# Manual, not part of CI.  Needs root on Debian bookworm (it apt-get installs its tools).
# Usage: samples/record-verdicts.sh [--kernel 6.1|6.12|7.3] [--only SCENARIO...] [--jobs N] [--out TSV]
# The kernel packages are cached outside the repository in ${KLP_CACHE:-/var/cache/klpscope}.
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

short=6.1
if [ "${1:-}" = --kernel ]; then
	short=${2:?--kernel needs a kernel of samples/kernels/kernels.tsv}
	shift 2
fi
if [ "$short" != 6.1 ]; then
	# another kernel of kernels.tsv: its image from kernels.sh (downloaded and unpacked once)
	vmlinuz=$(bash "$here/kernels/kernels.sh" vmlinuz "$short")
	release=$(awk -F'\t' -v k="$short" '$1 == k { print $2 }' "$here/kernels/kernels.tsv")
	kdir=$cache/linux-image-$release
	kmoddir=$kdir/lib/modules/$release
	[ -d "$kmoddir" ] || kmoddir=$kdir/usr/lib/modules/$release
	exec python3 "$here/kernel/record-verdicts.py" --kernel-version "$short" \
		--kernel "$vmlinuz" --kmoddir "$kmoddir" --busybox /bin/busybox "$@"
fi

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
