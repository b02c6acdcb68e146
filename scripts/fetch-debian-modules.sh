#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# fetch-debian-modules.sh ABI... : Debian's linux-image-ABI-amd64 (the modules as shipped, ~70 MB each) extracted
# into $KLP_CACHE/modules/ABI (default cache /var/cache/klpscope), for the tests and measurements that compare
# real module builds (CodeComparisonTest, docs/checks.md "Code is compared by meaning").
#   scripts/fetch-debian-modules.sh 6.1.0-57 6.1.0-56 6.1.0-53
set -euo pipefail
cache=${KLP_CACHE:-/var/cache/klpscope}
mkdir -p "$cache/modules"
cd "$cache/modules"
for abi in "$@"; do
	[ -d "$abi/lib/modules" ] && continue
	pkg=linux-image-$abi-amd64
	ls "${pkg}"_*.deb >/dev/null 2>&1 || apt-get download "$pkg"
	rm -rf "$abi.tmp"
	dpkg -x "${pkg}"_*.deb "$abi.tmp"
	mv "$abi.tmp" "$abi"
	echo "done $abi"
done
