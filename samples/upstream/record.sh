#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Record what Debian's real kernels do with the upstream corpus (samples/upstream/record.py says how):
#   sudo samples/upstream/record.sh [--only 6.1|6.12]     (KLP_ACCEL=kvm: as samples/record-verdicts.sh)
# Writes samples/upstream/kernel-verdicts.tsv and samples/upstream/kernel-log/. Manual, not part of CI.
# Needs root on Debian bookworm: it installs qemu-system-x86, busybox-static and cpio when missing, and unpacks
# the kernel images (6.1.0-57, 6.12.95+deb12 of samples/kernels/kernels.tsv, and 6.1.0-47, the other ABI the
# 6.1 patches are tried on) into ${KLP_CACHE:-/var/cache/klpscope}.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../kernels/kernels.sh
. "$here/../kernels/kernels.sh"

need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
dpkg -s busybox-static >/dev/null 2>&1 || need+=(busybox-static)
command -v cpio >/dev/null || need+=(cpio)
if [ ${#need[@]} -gt 0 ]; then
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"
fi

# image_of RELEASE: its vmlinuz, the image package unpacked in the cache (kernels.tsv's, or bookworm's package)
image_of() {
	local dir=$KCACHE/linux-image-$1
	if k_field "$1" release >/dev/null 2>&1; then
		k_vmlinuz "$1"
		return
	fi
	if [ ! -f "$dir/boot/vmlinuz-$1" ]; then
		rm -rf "$dir.tmp"
		dpkg -x "$(k_deb bookworm "linux-image-$1")" "$dir.tmp"
		mv "$dir.tmp" "$dir"
	fi
	echo "$dir/boot/vmlinuz-$1"
}

args=()
for rel in 6.1.0-57-amd64 6.12.95+deb12-amd64 6.1.0-47-amd64; do
	args+=(--kernel-for "$rel=$(image_of "$rel")")
done
exec python3 "$here/record.py" "${args[@]}" "$@"
