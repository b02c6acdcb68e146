#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Rebuild every klpscope sample module from samples/src on Debian bookworm (run as root).
#
#   bash samples/build.sh [scenario...]     (no argument: every scenario)
#   bash samples/build.sh --kernel 6.12 [--only seed,vmlinux] [scenario...]
#
# --kernel SHORT|RELEASE builds the same sources for another Debian kernel of samples/kernels/kernels.tsv
# (6.12 = 6.12.95+deb12-amd64, 7.3 = 7.3.4+deb13-amd64, 6.1-ppc64el = 6.1.0-50-powerpc64le; 6.1 =
# 6.1.0-57-amd64 is the default) into samples/kernels/<short>/ (default scenarios there: seed vmlinux; debian
# is 6.1's own). 7.3 is built inside a trixie chroot (samples/kernels/kernels.sh prepares it); 6.1-ppc64el
# is cross-built with bookworm's gcc-12 for powerpc64le. --only a,b is the same as naming a and b.
#
# - installs the Debian packages it needs (headers of 6.1.0-57-amd64, python3, binutils, xz);
# - builds each scenario in a fixed temp dir ($KLP_BUILD, default /tmp/klpscope-build; a fixed path keeps
#   DWARF and therefore build ids reproducible), with kbuild against Debian's headers;
# - candidates samples/src/<scenario>/vN/ -> samples/<scenario>/vN/<module>.ko (strip --strip-debug);
# - livepatches samples/src/<scenario>/<patch>/ (they have a klp-convert.spec) are built with
#   KBUILD_MODPOST_WARN=1, stripped, then converted -> samples/<scenario>/<patch>.ko;
# - vmlinux and debian scenarios use Debian packages downloaded to $KLP_CACHE (default /var/cache/klpscope),
#   never into the repository.
set -euo pipefail

KVER=6.1.0-57-amd64
KDIR=/usr/src/linux-headers-$KVER
SAMPLES=$(cd "$(dirname "$0")" && pwd)
BUILD=${KLP_BUILD:-/tmp/klpscope-build}
CACHE=${KLP_CACHE:-/var/cache/klpscope}
JOBS=$(nproc)
# Another kernel (--kernel): SHORT names it, OUT is where its samples go, ROOT is the chroot kbuild and strip
# run in ("" = this machine); BUILD is the host path of the build folder, $BUILD minus $ROOT its path for kbuild.
SHORT=6.1
OUT=$SAMPLES
ROOT=
# CROSS: CROSS_COMPILE prefix of a kernel of another architecture (6.1-ppc64el: powerpc64le-linux-gnu-).
# PATCH_ARGS: extra make arguments for the livepatches (see use_kernel: a kernel without CONFIG_LIVEPATCH).
CROSS=
PATCH_ARGS=()
BUILD_TIMESTAMP="Thu Jan  1 00:00:00 UTC 1970"

log() { echo "== $*" >&2; }

install_packages() {
	local pkgs=(linux-headers-$KVER make gcc binutils python3 xz-utils dpkg)
	local missing=()
	for p in "${pkgs[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		log "installing ${missing[*]}"
		apt-get update -q
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
	fi
}

# kbuild MODULE_DIR [extra make args...]
# Newer kernels add BTF to modules (pahole with the headers' vmlinux). pahole's -j makes that output differ
# from run to run; with KBUILD_BUILD_TIMESTAMP set, the headers' scripts/Makefile.btf asks pahole for a
# reproducible build (no -j below pahole 1.27, --btf_features=+reproducible_build from 1.27 on).
kbuild() {
	local dir=$1; shift
	[ "$SHORT" = 6.1 ] || set -- KBUILD_BUILD_TIMESTAMP="$BUILD_TIMESTAMP" "$@"
	[ -z "$CROSS" ] || set -- CROSS_COMPILE="$CROSS" "$@"
	if [ -n "$ROOT" ]; then
		# objtool reads /proc: a private mount namespace gives the chroot its own /proc, gone when make exits
		unshare --mount --pid --fork --mount-proc="$ROOT/proc" \
			chroot "$ROOT" make -s -C "$KDIR" M="${dir#"$ROOT"}" -j"$JOBS" "$@" modules 2>&1 |
			grep -v -e 'Skipping BTF generation' >&2 || true
	else
		make -s -C "$KDIR" M="$dir" -j"$JOBS" "$@" modules 2>&1 |
			grep -v -e 'Skipping BTF generation' >&2 || true
	fi
	ls "$dir"/*.ko >/dev/null
}

# kstrip IN OUT: strip --strip-debug, with the binutils of the kernel's build (the chroot's for 7.3, the
# cross binutils for another architecture)
kstrip() {
	if [ -n "$ROOT" ]; then
		chroot "$ROOT" strip --strip-debug -o "${1#"$ROOT"}.strip-tmp" "${1#"$ROOT"}"
		mv "$1.strip-tmp" "$2"
	else
		"${CROSS}strip" --strip-debug -o "$2" "$1"
	fi
}

# spec_of PATCH_DIR: klp-convert-<short>.spec where a kernel needs its own (another vmlinux), else klp-convert.spec
spec_of() {
	if [ "$SHORT" != 6.1 ] && [ -f "$1/klp-convert-$SHORT.spec" ]; then
		echo "$1/klp-convert-$SHORT.spec"
	else
		echo "$1/klp-convert.spec"
	fi
}

# Candidate versions are the folders v1, v2, ...; every other folder is a livepatch.
is_candidate() { [[ $1 =~ ^v[0-9]+$ ]]; }

# build_scenario NAME: candidates first (patches may need their Module.symvers), then patches.
build_scenario() {
	local scen=$1 src=$BUILD/$1 out=$OUT/$1 d name extra
	log "scenario $scen"
	# the modules only: a scenario folder may also keep the kernel's recording of them (kernel-verdicts.tsv, kernel-log/)
	[ -d "$out" ] && find "$out" -name '*.ko' -delete
	mkdir -p "$out"
	for d in "$src"/*/; do
		d=${d%/}; name=${d##*/}
		is_candidate "$name" || continue
		kbuild "$d"
		mkdir -p "$out/$name"
		for ko in "$d"/*.ko; do
			kstrip "$ko" "$out/$name/${ko##*/}"
		done
	done
	# prepatch_<scenario>: a step between candidates and patches (kpatchfmt reads sizes out of foo v1).
	if [ "$(type -t "prepatch_$scen")" = function ]; then "prepatch_$scen"; fi
	for d in "$src"/*/; do
		d=${d%/}; name=${d##*/}
		is_candidate "$name" && continue
		# extra-symbols: Module.symvers of candidate dirs (relative to the scenario), so modpost knows
		# their exports' CRCs and writes them to __versions (the crc scenario).
		extra=
		if [ -f "$d/extra-symbols" ]; then
			for e in $(cat "$d/extra-symbols"); do extra="$extra ${src#"$ROOT"}/$e/Module.symvers"; done
		fi
		kbuild "$d" KBUILD_MODPOST_WARN=1 ${extra:+KBUILD_EXTRA_SYMBOLS="${extra# }"} ${PATCH_ARGS[@]+"${PATCH_ARGS[@]}"}
		kstrip "$d/$name.ko" "$d/$name.stripped.ko"
		python3 "$SAMPLES/klp-convert.py" "$(spec_of "$d")" "$d/$name.stripped.ko" "$out/$name.ko" >&2
		# relicense: the license= the patch ships with, which modpost would not build (importgpl_mit)
		if [ -f "$d/relicense" ]; then python3 "$SAMPLES/relicense.py" "$(cat "$d/relicense")" "$out/$name.ko"; fi
	done
}

# seed also ships unstripped builds (DWARF, FILE symbols), the livepatches converted as well.
seed_unstripped() {
	local src=$BUILD/seed out=$SAMPLES/seed/unstripped d name
	mkdir -p "$out"
	for d in "$src"/*/; do
		d=${d%/}; name=${d##*/}
		if ! is_candidate "$name"; then
			python3 "$SAMPLES/klp-convert.py" "$d/klp-convert.spec" "$d/$name.ko" "$out/$name.ko" >&2
		else
			mkdir -p "$out/$name"
			cp "$d"/*.ko "$out/$name/"
		fi
	done
}

# fetch_deb PACKAGE: the package's .deb in $CACHE (downloaded once); prints its path.
fetch_deb() {
	local deb
	mkdir -p "$CACHE"
	deb=$(ls "$CACHE/$1"_*_amd64.deb 2>/dev/null | head -1)
	if [ -z "$deb" ]; then
		log "downloading $1 to $CACHE"
		(cd "$CACHE" && apt-get download "$1" >&2)
		deb=$(ls "$CACHE/$1"_*_amd64.deb | head -1)
	fi
	echo "$deb"
}

# deb_file PACKAGE PATH-IN-PACKAGE OUT: one file out of a cached .deb.
deb_file() {
	dpkg-deb --fsys-tarfile "$(fetch_deb "$1")" | tar -xO "./$2" > "$3"
}

# vmlinux: the candidates are Debian's real vmlinux (from the -dbg package, 859 MB) reduced to
# its symbol table (vmlinux-symtab.py) and xz-compressed; the full vmlinux is cached, not committed.
extra_vmlinux() {
	local n v out
	for n in 47 57; do
		v=6.1.0-$n-amd64
		if [ ! -s "$CACHE/vmlinux-$v" ]; then
			log "extracting vmlinux-$v (about a minute)"
			deb_file linux-image-$v-dbg "usr/lib/debug/boot/vmlinux-$v" "$CACHE/vmlinux-$v.tmp"
			mv "$CACHE/vmlinux-$v.tmp" "$CACHE/vmlinux-$v"
		fi
		out=$SAMPLES/vmlinux/v$n/vmlinux-$v.symtab
		mkdir -p "${out%/*}"
		python3 "$SAMPLES/vmlinux-symtab.py" "$CACHE/vmlinux-$v" "$BUILD/vmlinux-$v.symtab"
		xz -9 -T1 -c "$BUILD/vmlinux-$v.symtab" > "$out.xz"
	done
}

# vmlinux of another kernel (--kernel): its own vmlinux only, samples/kernels/<short>/vmlinux/vmlinux-<release>.symtab.xz
extra_vmlinux_other() {
	local vml out
	vml=$(k_vmlinux "$SHORT")
	out=$OUT/vmlinux/vmlinux-$KVER.symtab
	python3 "$SAMPLES/vmlinux-symtab.py" "$vml" "$BUILD/vmlinux-$KVER.symtab"
	xz -9 -T1 -c "$BUILD/vmlinux-$KVER.symtab" > "$out.xz"
}

# debian: Debian's signed sch_codel.ko as shipped in two ABIs (taken out of the image packages).
extra_debian() {
	local n v
	for n in 47 57; do
		v=6.1.0-$n-amd64
		mkdir -p "$SAMPLES/debian/v$n"
		deb_file linux-image-$v "lib/modules/$v/kernel/net/sched/sch_codel.ko" "$SAMPLES/debian/v$n/sch_codel.ko"
	done
}

# kpatchfmt: .kpatch.funcs records old_size, the size of each replaced function in the object the patch
# was built against (foo v1). Read them with readelf from the built v1 and hand them to the patch as a
# generated header (kpatchfmt_oldsize.h: #define KPATCHFMT_OLD_SIZE_<function> <st_size>).
prepatch_kpatchfmt() {
	local ko=$BUILD/kpatchfmt/v1/foo.ko hdr=$BUILD/kpatchfmt/kpatchfmt_lp/kpatchfmt_oldsize.h f size
	{
		echo "/* generated by samples/build.sh from kpatchfmt/v1/foo.ko */"
		for f in compute bias; do
			size=$(readelf -sW "$ko" | awk -v n="$f" '$4 == "FUNC" && $8 == n { print $3 }')
			[ -n "$size" ] || { echo "prepatch_kpatchfmt: no FUNC $f in $ko" >&2; return 1; }
			echo "#define KPATCHFMT_OLD_SIZE_$f $size"
		done
	} > "$hdr"
	log "kpatchfmt: $(grep -c define "$hdr") old_size values from v1: $(grep define "$hdr" | awk '{printf "%s=%s ", $2, $3}')"
}

# Every livepatch must carry .klp.rela.* sections (readelf flags AIo) and .klp.sym.* symbols
# (Ndx OS [0xff20]); the Java test suite checks the same.
self_check() {
	local lp bad=0
	# grep a here-string, not "readelf | grep -q": under pipefail an early grep exit kills readelf
	# with SIGPIPE and the check would fail on large files.
	# The livepatches are the patch column of scenarios.tsv (samples/broken/ holds deliberately broken ones).
	local lps
	if [ "$SHORT" = 6.1 ]; then
		lps=$(tail -n +2 "$SAMPLES/scenarios.tsv" | cut -f2 | sort -u | sed "s|^|$SAMPLES/|"; ls "$SAMPLES"/seed/unstripped/seed_lp*.ko)
	else	# another kernel: the livepatches are the .ko files at the top of each scenario folder
		lps=$(ls "$OUT"/*/*.ko)
	fi
	for lp in $lps; do
		if ! grep -q '\.klp\.rela\.[^ ]* *RELA .* AIo ' <<<"$(readelf -SW "$lp")"; then
			echo "self-check: $lp: no .klp.rela section with flags AIo" >&2; bad=1
		fi
		if ! grep -q 'OS \[0xff20\] \.klp\.sym\.' <<<"$(readelf -sW "$lp")"; then
			echo "self-check: $lp: no SHN_LIVEPATCH .klp.sym symbol" >&2; bad=1
		fi
	done
	[ $bad = 0 ] && log "self-check: every livepatch has .klp.rela (AIo) sections and OS [0xff20] symbols"
	return $bad
}

# use_kernel SHORT|RELEASE: build for another kernel of samples/kernels/kernels.tsv
use_kernel() {
	local hdr
	# shellcheck source=kernels/kernels.sh
	. "$SAMPLES/kernels/kernels.sh"
	SHORT=$(k_field "$1" short)
	KVER=$(k_field "$1" release)
	[ "$SHORT" = 6.1 ] && return
	for p in make python3 xz-utils dpkg binutils; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || {
			apt-get update -q; DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$p"; }
	done
	hdr=$(k_headers "$SHORT")
	ROOT=${hdr% *} KDIR=${hdr#* }
	[ "$ROOT" = / ] && ROOT=
	CROSS=$(k_cross "$SHORT")
	# Debian builds its ppc64el kernels without CONFIG_LIVEPATCH (6.1: CONFIG_KALLSYMS_ALL unset; 6.12:
	# "# CONFIG_LIVEPATCH is not set"), and <linux/livepatch.h> then has no struct klp_patch. The livepatches
	# are compiled as for that kernel configured with CONFIG_LIVEPATCH=y (KCFLAGS=-DCONFIG_LIVEPATCH=1, which
	# also adds struct module's klp fields); modpost leaves klp_enable_patch undefined (no CRC in __versions).
	# Such a livepatch cannot load on Debian's kernel; its code and relocations are what a LIVEPATCH=y
	# kernel of the same configuration gets. The candidates are built with the headers as they are.
	if ! grep -q '^CONFIG_LIVEPATCH=y' "$ROOT$KDIR/.config"; then
		PATCH_ARGS=(KCFLAGS=-DCONFIG_LIVEPATCH=1)
		log "kernel $KVER has no CONFIG_LIVEPATCH: livepatches built with ${PATCH_ARGS[*]}"
	fi
	OUT=$SAMPLES/kernels/$SHORT
	BUILD=$ROOT${KLP_BUILD:-/tmp/klpscope-build-$SHORT}
	log "kernel $KVER: headers $KDIR${ROOT:+ in chroot $ROOT}${CROSS:+, CROSS_COMPILE=$CROSS}, build in $BUILD, output in $OUT"
}

main() {
	local start=$SECONDS scen scens=() kernel=
	while [ $# -gt 0 ]; do
		case $1 in
		--kernel) kernel=$2; shift 2 ;;
		--kernel=*) kernel=${1#*=}; shift ;;
		--only) scens+=(${2//,/ }); shift 2 ;;
		--only=*) v=${1#*=}; scens+=(${v//,/ }); shift ;;
		*) scens+=("$1"); shift ;;
		esac
	done
	if [ -n "$kernel" ]; then use_kernel "$kernel"; fi
	if [ "$SHORT" = 6.1 ]; then
		install_packages
	else
		[ ${#scens[@]} -gt 0 ] || scens=(seed vmlinux)
		for scen in "${scens[@]}"; do
			[ "$scen" != debian ] || { echo "build.sh: the debian scenario is 6.1's own (Debian's 6.1 modules)" >&2; exit 2; }
		done
		mkdir -p "$OUT"
	fi
	rm -rf "$BUILD"
	mkdir -p "$BUILD"
	cp -r "$SAMPLES/src/." "$BUILD/"
	# Arguments (for development) restrict the build to those scenarios.
	[ ${#scens[@]} -gt 0 ] || scens=($(cd "$SAMPLES/src" && ls -d */ | tr -d / | grep -v '^common$'))
	for scen in "${scens[@]}"; do
		# varlayout on 6.1 is unstripped, DWARF its only type source (varlayout-unstripped.sh): build_scenario
		# would replace samples/varlayout/ (that build and its recording) with stripped modules that have none.
		# In its own build folder (the one its committed files were built in: DWARF keeps the path), not $BUILD.
		# Its DWARF 4 twins (varlayout-dwarf4.sh) likewise.
		if [ "$SHORT" = 6.1 ] && [ "$scen" = varlayout ]; then
			env -u KLP_BUILD bash "$SAMPLES/varlayout-unstripped.sh"
			env -u KLP_BUILD bash "$SAMPLES/varlayout-dwarf4.sh"
			continue
		fi
		if [ "$SHORT" = 6.1 ] && [ "$scen" = proto ]; then env -u KLP_BUILD bash "$SAMPLES/proto-unstripped.sh"; continue; fi
		build_scenario "$scen"
		if [ "$SHORT" != 6.1 ]; then
			if [ "$(type -t "extra_${scen}_other")" = function ]; then "extra_${scen}_other"; fi
			continue
		fi
		if [ "$(type -t "extra_$scen")" = function ]; then "extra_$scen"; fi
		if [ "$scen" = seed ]; then seed_unstripped; fi
	done
	self_check
	log "done in $((SECONDS - start)) s"
}

main "$@"
