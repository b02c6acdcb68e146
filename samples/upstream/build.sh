#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel's own livepatch samples and selftest modules, built against Debian's headers: a corpus of
# livepatches nobody on this project wrote (see samples/README.md, "Upstream corpus"). Run as root.
#
#   bash samples/upstream/build.sh [SHORT...]      (no argument: 6.1 6.12)
#
# For each kernel SHORT of samples/kernels/kernels.tsv:
# - the sources come out of Debian's linux-source-<x.y> package of the same version as the kernel's headers
#   (downloaded once into $KLP_CACHE, default /var/cache/klpscope; never into the repository):
#   samples/livepatch/*.c and the selftests' test_klp_*.c (6.1: lib/livepatch/; from 6.5 on:
#   tools/testing/selftests/livepatch/test_modules/);
# - they are built with kbuild against linux-headers-<release> (samples/kernels/kernels.sh prepares them) in a
#   fixed folder ($KLP_BUILD, default /tmp/klpscope-upstream-<short>; a fixed path keeps build ids reproducible),
#   stripped with strip --strip-debug as samples/build.sh does, and written to samples/upstream/<short>/:
#     <module>.ko       the livepatches (and test_klp_shadow_vars, the selftests' shadow-variable API module)
#     v1/<module>.ko    their target modules, unchanged
#     v2/<module>.ko    the same targets after a small source change (changes_v2 below says which)
# No source file is committed; the changes of v2 are the sed edits below, each checked to have applied.
set -euo pipefail

UPSTREAM=$(cd "$(dirname "$0")" && pwd)
SAMPLES=$(dirname "$UPSTREAM")
# shellcheck source=../kernels/kernels.sh
. "$SAMPLES/kernels/kernels.sh"
BUILD_TIMESTAMP="Thu Jan  1 00:00:00 UTC 1970"

log() { echo "== $*" >&2; }

# The target modules (a livepatch of the corpus patches them); every other module is a livepatch.
TARGETS="livepatch-shadow-mod livepatch-callbacks-mod livepatch-callbacks-busymod test_klp_callbacks_mod test_klp_callbacks_busy"

# edit FILE SED-SCRIPT: sed -i that fails when it changed nothing (an upstream source that moved on)
edit() {
	local before
	before=$(sha256sum < "$1")
	sed -i "$2" "$1"
	[ "$(sha256sum < "$1")" != "$before" ] || { echo "upstream/build.sh: '$2' changed nothing in $1" >&2; exit 1; }
}

# changes_v2 DIR: the v2 source changes (the same on every kernel):
# - livepatch-shadow-mod: dummy_check() renamed dummy_expired() (a refactoring; shadow-fix2 replaces
#   dummy_check, shadow-fix1 does not);
# - livepatch-callbacks-mod, test_klp_callbacks_mod: the init function prints "... v2" (a changed function
#   of a target that the patches give callbacks only);
# - livepatch-callbacks-busymod, test_klp_callbacks_busy: a new static function busymod_hello(), defined
#   before busymod_work_func() and called from init, so the patched busymod_work_func() and everything
#   after it sit at other offsets in .text, with its own code unchanged.
changes_v2() {
	local d=$1 hello='static noinline void busymod_hello(void)\n{\n\tpr_info("%s v2\\n", __func__);\n}\n'
	edit "$d/livepatch-shadow-mod.c" 's/\bdummy_check\b/dummy_expired/g'
	edit "$d/livepatch-callbacks-mod.c" '/^static int livepatch_callbacks_mod_init/,/^}/s/pr_info("%s\\n", __func__);/pr_info("%s v2\\n", __func__);/'
	edit "$d/test_klp_callbacks_mod.c" '/^static int test_klp_callbacks_mod_init/,/^}/s/pr_info("%s\\n", __func__);/pr_info("%s v2\\n", __func__);/'
	edit "$d/livepatch-callbacks-busymod.c" "s/^static void busymod_work_func(struct work_struct \*work)\$/$hello\n&/"
	edit "$d/livepatch-callbacks-busymod.c" '/^static int livepatch_callbacks_mod_init/,/^}/s/^\tpr_info("%s\\n", __func__);$/&\n\tbusymod_hello();/'
	edit "$d/test_klp_callbacks_busy.c" "s/^static void busymod_work_func(struct work_struct \*work)\$/$hello\n&/"
	edit "$d/test_klp_callbacks_busy.c" '/^static int test_klp_callbacks_busy_init/,/^}/s/^\tpr_info("%s\\n", __func__);$/&\n\tbusymod_hello();/'
}

# source_tree SHORT VERSION DIR: samples/livepatch and the selftest modules of linux-source-<x.y> VERSION,
# unpacked into DIR (the tarball is decompressed once per version and kept in the cache)
source_tree() {
	local short=$1 ver=$2 dir=$3 xy deb tree pats
	xy=$(k_field "$short" release | cut -d. -f1,2)
	tree=$KCACHE/upstream-src/linux-source-${xy}_$ver
	if [ ! -f "$tree/.unpacked" ]; then
		deb=$(k_deb "$(k_field "$short" suite)" "linux-source-$xy" "$ver")
		log "unpacking samples/livepatch and the livepatch selftests of ${deb##*/}"
		rm -rf "$tree"
		mkdir -p "$tree"
		# the selftest modules moved from lib/livepatch/ to the selftests folder in 6.6
		pats=("linux-source-$xy/samples/livepatch/*" "linux-source-$xy/tools/testing/selftests/livepatch/*")
		[ "$(printf '%s\n' "$xy" 6.6 | sort -V | head -1)" = 6.6 ] || pats+=("linux-source-$xy/lib/livepatch/*")
		dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/linux-source-$xy.tar.xz" | xz -dc |
			tar -x -C "$tree" --strip-components=1 --wildcards "${pats[@]}"
		touch "$tree/.unpacked"
	fi
	mkdir -p "$dir"
	cp "$tree"/samples/livepatch/*.c "$dir/"
	if ls "$tree"/tools/testing/selftests/livepatch/test_modules/test_klp_*.c >/dev/null 2>&1; then
		cp "$tree"/tools/testing/selftests/livepatch/test_modules/test_klp_*.c "$dir/"
	else
		cp "$tree"/lib/livepatch/test_klp_*.c "$dir/"
	fi
}

# kbuild_dir SHORT KDIR DIR: every .c in DIR a module of its own
kbuild_dir() {
	local short=$1 kdir=$2 dir=$3 c args=()
	for c in "$dir"/*.c; do c=${c##*/}; echo "obj-m += ${c%.c}.o"; done > "$dir/Kbuild"
	[ "$short" = 6.1 ] || args+=(KBUILD_BUILD_TIMESTAMP="$BUILD_TIMESTAMP")
	make -s -C "$kdir" M="$dir" -j"$(nproc)" "${args[@]}" modules 2>&1 | grep -v 'Skipping BTF generation' >&2 || true
	for c in $(sed 's/^obj-m += //; s/\.o$//' "$dir/Kbuild"); do
		[ -f "$dir/$c.ko" ] || { echo "upstream/build.sh: $dir/$c.ko was not built" >&2; exit 1; }
	done
}

is_target() { [[ " $TARGETS " == *" $1 "* ]]; }

build_kernel() {
	local short=$1 rel hdr root kdir ver build out ko name
	rel=$(k_field "$short" release)
	[ "$(k_field "$short" build)" = host ] && [ "$(k_arch "$short")" = "$(k_host_arch)" ] ||
		{ echo "upstream/build.sh: $short is not built on this machine (see kernels.tsv)" >&2; exit 2; }
	hdr=$(k_headers "$short")
	root=${hdr% *} kdir=${hdr#* }
	# the headers' package version is the source package's (6.1.0-57-amd64: 6.1.192-3)
	if [ "$(k_field "$short" suite)" = bookworm ]; then
		ver=$(dpkg-query -W -f='${Version}' "linux-headers-$rel")
	else
		ver=$(dpkg-deb -f "$(k_deb "$(k_field "$short" suite)" "linux-headers-$rel")" Version)
	fi
	build=${KLP_BUILD:-/tmp/klpscope-upstream-$short}
	out=$UPSTREAM/$short
	log "$short: linux-source $ver against $kdir, build in $build"
	rm -rf "$build" "$out"
	source_tree "$short" "$ver" "$build/v1"
	mkdir -p "$build/v2"
	for name in $TARGETS; do cp "$build/v1/$name.c" "$build/v2/"; done
	changes_v2 "$build/v2"
	kbuild_dir "$short" "$kdir" "$build/v1"
	kbuild_dir "$short" "$kdir" "$build/v2"
	mkdir -p "$out/v1" "$out/v2"
	for name in $(sed 's/^obj-m += //; s/\.o$//' "$build/v1/Kbuild"); do
		ko=$build/v1/$name.ko
		if is_target "$name"; then
			strip --strip-debug -o "$out/v1/$name.ko" "$ko"
		else
			strip --strip-debug -o "$out/$name.ko" "$ko"
		fi
	done
	for name in $TARGETS; do
		strip --strip-debug -o "$out/v2/$name.ko" "$build/v2/$name.ko"
	done
	log "$short: $(ls "$out"/*.ko | wc -l) livepatches and modules, $(ls "$out"/v1/*.ko | wc -l) targets (v1, v2) in $out"
}

main() {
	local start=$SECONDS short
	[ $# -gt 0 ] || set -- 6.1 6.12
	for short in "$@"; do build_kernel "$(k_field "$short" short)"; done
	log "done in $((SECONDS - start)) s"
}

main "$@"
