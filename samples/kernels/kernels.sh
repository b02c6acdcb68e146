#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The Debian kernels of samples/kernels/kernels.tsv: their packages, cached in $KLP_CACHE (default
# /var/cache/klpscope, never in the repository), unpacked there, and kbuild headers for each.
#
#   bash samples/kernels/kernels.sh vmlinuz SHORT    path of the bootable kernel (image unpacked once)
#   bash samples/kernels/kernels.sh config SHORT     path of its /boot/config
#   bash samples/kernels/kernels.sh vmlinux SHORT    path of the real vmlinux (out of the -dbg package)
#   bash samples/kernels/kernels.sh headers SHORT    prepares the headers; prints "ROOT KDIR" (ROOT: the
#                                                    chroot kbuild runs in, or / for this machine)
#   bash samples/kernels/kernels.sh cross SHORT      CROSS_COMPILE prefix of its architecture ("" for amd64)
#
# SHORT is the first column of kernels.tsv (6.1, 6.12, 7.3, 6.1-ppc64el) or the release (6.12.95+deb12-amd64).
# build.sh sources this file. Packages of suites or architectures this machine's apt does not know (the
# backports; ppc64el) are downloaded with apt-get and a private source list under $KLP_CACHE/apt/<suite>/
# (<suite>-<arch>/ for another architecture; Debian's keyring checks them as usual); the machine's own apt
# configuration and dpkg architectures are left alone.

KERNELS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KCACHE=${KLP_CACHE:-/var/cache/klpscope}
KMIRROR=${KLP_MIRROR:-http://deb.debian.org/debian}

klog() { echo "== $*" >&2; }

# k_field SHORT-OR-RELEASE COLUMN: one field of kernels.tsv
k_field() {
	awk -F'\t' -v k="$1" -v c="$2" '
		/^#/ { next }
		!h { for (i = 1; i <= NF; i++) col[$i] = i; h = 1; next }
		($1 == k || $2 == k) { print $col[c]; found = 1; exit }
		END { if (!found) exit 1 }' "$KERNELS_DIR/kernels.tsv" ||
		{ echo "kernels.sh: no kernel '$1' (column '$2') in $KERNELS_DIR/kernels.tsv" >&2; return 1; }
}

# k_host_arch: this machine's Debian architecture (amd64)
k_host_arch() { dpkg --print-architecture; }

# k_arch SHORT: the kernel's Debian architecture (column arch of kernels.tsv: amd64, ppc64el)
k_arch() { k_field "$1" arch; }

# k_apt SUITE[:ARCH] apt-get-arguments...: apt-get for SUITE and ARCH (default: this machine's); bookworm
# for this machine's architecture is this machine's own apt. Other suites or architectures get a private
# source list and package lists under $KLP_CACHE/apt/<suite>[-<arch>]/ (APT::Architecture set to ARCH for
# another architecture), so no foreign architecture is added to the machine's dpkg.
k_apt() {
	local suite=${1%%:*} arch=${1#*:} host d
	shift
	host=$(k_host_arch)
	[ "$arch" != "$suite" ] || arch=$host
	if [ "$suite" = bookworm ] && [ "$arch" = "$host" ]; then
		apt-get "$@"
		return
	fi
	d=$KCACHE/apt/$suite
	[ "$arch" = "$host" ] || d=$d-$arch
	mkdir -p "$d/lists/partial" "$d/cache/archives/partial" "$d/sources.list.d"
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $KMIRROR $suite main" > "$d/sources.list"
	local opts=(-q -o "Dir::Etc::SourceList=$d/sources.list" -o "Dir::Etc::SourceParts=$d/sources.list.d"
		-o "Dir::State::Lists=$d/lists" -o "Dir::Cache=$d/cache")
	[ "$arch" = "$host" ] || opts+=(-o "APT::Architecture=$arch" -o "APT::Architectures::=$arch")
	if ! ls "$d"/lists/*_Packages* >/dev/null 2>&1; then
		apt-get "${opts[@]}" update >&2
	fi
	apt-get "${opts[@]}" "$@"
}

# k_deb SUITE[:ARCH] PACKAGE [VERSION]: the package's .deb in the cache (downloaded once); prints its path.
k_deb() {
	local deb ver=${3:-} glob
	glob="$KCACHE/$2_${ver:-*}_*.deb"
	mkdir -p "$KCACHE"
	deb=$(ls $glob 2>/dev/null | head -1)
	if [ -z "$deb" ]; then
		klog "downloading $2${ver:+ $ver} ($1) to $KCACHE"
		(cd "$KCACHE" && k_apt "$1" download "$2${ver:+=$ver}" >&2)
		deb=$(ls $glob | head -1)
	fi
	echo "$deb"
}

# k_image SHORT: the image package(s) unpacked in $KCACHE/linux-image-<release>/; prints that folder.
k_image() {
	local rel suite dir pkg
	rel=$(k_field "$1" release) suite=$(k_field "$1" suite):$(k_arch "$1")
	dir=$KCACHE/linux-image-$rel
	if [ ! -f "$dir/$(k_field "$1" vmlinuz)" ]; then
		rm -rf "$dir.tmp"
		for pkg in $(k_field "$1" image | tr , ' '); do
			dpkg -x "$(k_deb "$suite" "$pkg")" "$dir.tmp"
		done
		rm -rf "$dir"
		mv "$dir.tmp" "$dir"
	fi
	echo "$dir"
}

k_vmlinuz() { echo "$(k_image "$1")/$(k_field "$1" vmlinuz)"; }
k_config() { echo "$(k_image "$1")/$(k_field "$1" config)"; }

# k_vmlinux SHORT: the real vmlinux out of the -dbg package (1 GB and more), cached as $KCACHE/vmlinux-<release>.
# tar stops at the member (--occurrence): seconds when it comes early in the package, a minute when late.
k_vmlinux() {
	local rel suite out rc
	rel=$(k_field "$1" release) suite=$(k_field "$1" suite):$(k_arch "$1")
	out=$KCACHE/vmlinux-$rel
	if [ ! -s "$out" ]; then
		local deb
		deb=$(k_deb "$suite" "$(k_field "$1" dbg)")
		klog "extracting vmlinux-$rel from ${deb##*/}"
		set +o pipefail
		dpkg-deb --fsys-tarfile "$deb" 2>/dev/null | tar -xO --occurrence "./$(k_field "$1" vmlinux)" > "$out.tmp"
		rc=${PIPESTATUS[1]}
		set -o pipefail
		if [ "$rc" != 0 ] || [ ! -s "$out.tmp" ]; then
			echo "kernels.sh: no $(k_field "$1" vmlinux) in $deb" >&2
			rm -f "$out.tmp"
			return 1
		fi
		mv "$out.tmp" "$out"
	fi
	echo "$out"
}

# k_chroot SUITE PACKAGE...: a debootstrap chroot of SUITE (and SUITE-backports) in $KCACHE/SUITE-root
# with the packages installed; prints its path.
k_chroot() {
	local suite=$1 root=$KCACHE/$1-root p missing=()
	shift
	if [ ! -x "$root/usr/bin/apt-get" ]; then
		command -v debootstrap >/dev/null ||
			DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends debootstrap >&2
		klog "debootstrap $suite into $root (about a minute)"
		rm -rf "$root.tmp"
		debootstrap --variant=minbase "$suite" "$root.tmp" "$KMIRROR" >&2
		mv "$root.tmp" "$root"
	fi
	printf 'deb %s %s main\ndeb %s %s-backports main\n' "$KMIRROR" "$suite" "$KMIRROR" "$suite" \
		> "$root/etc/apt/sources.list"
	for p in "$@"; do
		chroot "$root" dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		klog "installing ${missing[*]} in $root"
		cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
		chroot "$root" apt-get -q update >&2
		chroot "$root" env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
	fi
	echo "$root"
}

# k_headers SHORT: kbuild headers of that release; prints "ROOT KDIR".
#   host build, bookworm: linux-headers-<release> installed with apt on this machine (the 6.1 samples)
#   host build, backports: the headers, common headers and kbuild packages unpacked in
#     $KCACHE/headers-<release>/ (the headers' Makefile includes the common one by absolute path: rewritten);
#     bookworm's gcc-12 and pahole (dwarves, for the modules' BTF) installed on this machine
#   host build, another architecture (arch column, e.g. ppc64el): the headers and common headers of that
#     architecture (a private apt list, see k_apt) and this machine's linux-kbuild package of the version the
#     headers depend on, unpacked in $KCACHE/headers-<release>/ as above; bookworm's cross gcc-12 and binutils
#     for it installed on this machine (k_cross prints the CROSS_COMPILE prefix)
#   chroot:<suite>: apt-get install linux-headers-<release> inside the chroot; KDIR is a path inside it
k_headers() {
	local rel suite build base root pkg kdir p arch host cross hdeb ver kbuild missing=()
	rel=$(k_field "$1" release) suite=$(k_field "$1" suite) build=$(k_field "$1" build)
	arch=$(k_arch "$1") host=$(k_host_arch)
	base=${rel%-amd64}
	case $build in
	host)
		if [ "$arch" != "$host" ]; then
			cross=$(k_cross "$1")
			for p in make binutils "gcc-12-${cross%-}" "binutils-${cross%-}"; do
				dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
			done
			root=$KCACHE/headers-$rel
			kdir=$root/usr/src/linux-headers-$rel
			if [ ! -f "$root/.unpacked" ]; then
				rm -rf "$root"
				hdeb=$(k_deb "$suite:$arch" "linux-headers-$rel")
				ver=$(dpkg-deb -f "$hdeb" Version)
				# linux-headers-<abi>-common and linux-kbuild-<x.y>, as the headers' Depends name them
				dpkg -x "$hdeb" "$root"
				for pkg in $(dpkg-deb -f "$hdeb" Depends | tr ',' '\n' | awk '{ print $1 }'); do
					case $pkg in
					linux-headers-*-common) dpkg -x "$(k_deb "$suite:$arch" "$pkg" "$ver")" "$root" ;;
					linux-kbuild-*) kbuild=$pkg; dpkg -x "$(k_deb "$suite:$host" "$pkg" "$ver")" "$root" ;;
					esac
				done
				[ -n "${kbuild:-}" ] || { echo "kernels.sh: no linux-kbuild in the Depends of ${hdeb##*/}" >&2; return 1; }
				sed -i "s|^include /usr/src/|include $root/usr/src/|" "$kdir/Makefile"
				touch "$root/.unpacked"
			fi
		elif [ "$suite" = bookworm ]; then
			for p in linux-headers-$rel make gcc binutils; do
				dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
			done
			kdir=/usr/src/linux-headers-$rel
		else
			for p in make gcc-12 binutils dwarves; do
				dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
			done
			root=$KCACHE/headers-$rel
			kdir=$root/usr/src/linux-headers-$rel
			if [ ! -f "$root/.unpacked" ]; then
				rm -rf "$root"
				for pkg in linux-headers-$rel linux-headers-$base-common linux-kbuild-$base; do
					dpkg -x "$(k_deb "$suite" "$pkg")" "$root"
				done
				sed -i "s|^include /usr/src/|include $root/usr/src/|" "$kdir/Makefile"
				touch "$root/.unpacked"
			fi
		fi
		if [ ${#missing[@]} -gt 0 ]; then
			klog "installing ${missing[*]}"
			apt-get update -q >&2
			DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >&2
		fi
		echo "/ $kdir"
		;;
	chroot:*)
		root=$(k_chroot "${build#chroot:}" make binutils "linux-headers-$rel")
		echo "$root /usr/src/linux-headers-$rel"
		;;
	*)
		echo "kernels.sh: unknown build '$build' for $1" >&2
		return 1
		;;
	esac
}

# k_cross SHORT: the CROSS_COMPILE prefix for that kernel's architecture ("" for this machine's own),
# e.g. powerpc64le-linux-gnu- for ppc64el
k_cross() {
	local arch triplet
	arch=$(k_arch "$1")
	[ "$arch" != "$(k_host_arch)" ] || return 0
	if command -v dpkg-architecture >/dev/null; then
		triplet=$(dpkg-architecture -a "$arch" -qDEB_HOST_GNU_TYPE 2>/dev/null)
	else	# dpkg-dev not installed: Debian's GNU triplets of the livepatch architectures
		case $arch in
		ppc64el) triplet=powerpc64le-linux-gnu ;;
		ppc64) triplet=powerpc64-linux-gnu ;;
		s390x) triplet=s390x-linux-gnu ;;
		arm64) triplet=aarch64-linux-gnu ;;
		loong64) triplet=loongarch64-linux-gnu ;;
		*) echo "kernels.sh: no GNU triplet known for $arch (install dpkg-dev)" >&2; return 1 ;;
		esac
	fi
	echo "$triplet-"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -euo pipefail
	[ $# = 2 ] || { sed -n '3,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
	case $1 in
	vmlinuz) k_vmlinuz "$2" ;;
	config) k_config "$2" ;;
	vmlinux) k_vmlinux "$2" ;;
	headers) k_headers "$2" ;;
	cross) k_cross "$2" ;;
	*) echo "kernels.sh: unknown command $1" >&2; exit 2 ;;
	esac
fi
