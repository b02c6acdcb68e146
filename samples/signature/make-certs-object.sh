#!/bin/bash
# Makes signature/system_certificates-<release>.o: the kernel's own certs/system_certificates.S (Debian's
# linux-source-6.1; the file is the same in 6.12) assembled with the certificate list taken out of Debian's vmlinux
# of that release (the -dbg one, from system_certificate_list, system_certificate_list_size bytes): the same symbols
# and bytes as in that vmlinux's .init.data, in a 2 KB object the tests can read without the 600 MB+ vmlinux.
# Usage: samples/signature/make-certs-object.sh   (6.1.0-57-amd64 and 6.12.95+deb12-amd64; needs their vmlinux in
# $KLP_CACHE as scripts/ and samples/kernels/kernels.sh fetch them, linux-source-6.1 and linux-headers-6.1.0-57-amd64)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${KLP_CACHE:-/var/cache/klpscope}
common=/usr/src/linux-headers-6.1.0-57-common
amd64=/usr/src/linux-headers-6.1.0-57-amd64
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/certs"
for release in 6.1.0-57-amd64 6.12.95+deb12-amd64; do
vmlinux=$cache/vmlinux-$release
[ -f "$vmlinux" ] || vmlinux=$cache/dbg/${release%-amd64}/vmlinux
dpkg-deb --fsys-tarfile "$cache"/linux-source-6.1_*_all.deb | tar -xO ./usr/src/linux-source-6.1.tar.xz \
	| tar -xJO linux-source-6.1/certs/system_certificates.S > "$tmp/system_certificates.S"
# address and size of the list, and the file offset of the section that holds it
sym() { readelf -sW "$vmlinux" | awk -v n="$1" '$8 == n { print $2, $7; exit }'; }
read -r list_addr list_sec < <(sym system_certificate_list)
read -r size_addr _ < <(sym system_certificate_list_size)
read -r sec_addr sec_off < <(readelf -SW "$vmlinux" | sed 's/^ *\[ *\([0-9]*\)\]/\1/' \
	| awk -v s="$list_sec" '$1 == s { print $4, $5 }')
at() { echo $(( 0x$sec_off + 0x$1 - 0x$sec_addr )); }
size=$(od -An -t u8 -j "$(at "$size_addr")" -N 8 "$vmlinux" | tr -d ' ')
dd if="$vmlinux" of="$tmp/certs/signing_key.x509" bs=1 skip="$(at "$list_addr")" count="$size" status=none
: > "$tmp/certs/x509_certificate_list"
(cd "$tmp" && gcc -c -nostdinc -I$common/arch/x86/include -I$amd64/arch/x86/include/generated -I$common/include \
	-I$amd64/include -I$common/arch/x86/include/uapi -I$amd64/arch/x86/include/generated/uapi -I$common/include/uapi \
	-I$amd64/include/generated/uapi -include $common/include/linux/kconfig.h \
	-include $amd64/include/generated/autoconf.h -D__KERNEL__ -D__ASSEMBLY__ system_certificates.S \
	-o "$here/system_certificates-${release%-amd64}.o")
echo "$release: $size bytes of certificates"
done
