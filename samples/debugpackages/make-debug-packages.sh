#!/bin/sh
# Builds the small packages that hold debug files, for the pairing of debug files by build id (dev.klpscope.load
# DebugFilesInPackagesTest; kept out of samples/packages, whose tests scan that folder for sch_codel), from the seed scenario's v2 foo.ko (samples/seed): the shipped module, stripped, in a
# .deb; the same build unstripped in a .ddeb laid out as Ubuntu's -dbgsym (and Debian's -dbg) packages are; and its
# objcopy --only-keep-debug file as an RPM debuginfo package holds it. Real -dbg packages are about 1 GB (tested when
# /var/cache/klpscope holds them).
#
#   linux-image-6.1.0-57-amd64_seed.deb              lib/modules/6.1.0-57-amd64/extra/foo.ko             (seed/v2/foo.ko)
#   linux-image-6.1.0-57-amd64-dbgsym_seed.ddeb      usr/lib/debug/lib/modules/6.1.0-57-amd64/extra/foo.ko (seed/unstripped/v2/foo.ko)
#   kernel-debuginfo-6.1.0-57-amd64.seed.rpm         usr/lib/debug/lib/modules/6.1.0-57-amd64/extra/foo.ko.debug (seed/debug/foo.ko.debug.xz, decompressed)
#
# Deterministic (SOURCE_DATE_EPOCH); needs dpkg-deb, xz and rpmbuild (apt-get install rpm).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
samples=$(dirname "$here")
export SOURCE_DATE_EPOCH=1700000000
release=6.1.0-57-amd64
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

deb() { # deb NAME FILE MEMBER OUT
    root=$work/$1
    mkdir -p "$root/DEBIAN" "$(dirname "$root/$3")"
    cp "$2" "$root/$3"
    cat >"$root/DEBIAN/control" <<CONTROL
Package: $1
Version: 0.klpscope.sample
Architecture: amd64
Maintainer: klpscope samples <samples@klpscope.invalid>
Description: klpscope test package (the seed scenario's foo.ko v2 only)
CONTROL
    find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
    dpkg-deb --root-owner-group -Zxz --build "$root" "$4" >/dev/null
}

deb "linux-image-$release" "$samples/seed/v2/foo.ko" "lib/modules/$release/extra/foo.ko" \
    "$here/linux-image-${release}_seed.deb"
deb "linux-image-$release-dbgsym" "$samples/seed/unstripped/v2/foo.ko" "usr/lib/debug/lib/modules/$release/extra/foo.ko" \
    "$here/linux-image-${release}-dbgsym_seed.ddeb"

top=$work/rpm
mkdir -p "$top/SOURCES"
xz -dc "$samples/seed/debug/foo.ko.debug.xz" >"$top/SOURCES/foo.ko.debug"
cat >"$top/kernel-debuginfo.spec" <<SPEC
Name: kernel-debuginfo-$release
Version: 0
Release: klpscope.sample
Summary: klpscope test package (the seed scenario's foo.ko v2 debug file only)
License: GPL-2.0-only
BuildArch: x86_64
%description
klpscope test package.
%install
mkdir -p %{buildroot}/usr/lib/debug/lib/modules/$release/extra
cp %{_sourcedir}/foo.ko.debug %{buildroot}/usr/lib/debug/lib/modules/$release/extra/
%files
/usr/lib/debug/lib/modules/$release/extra/foo.ko.debug
SPEC
rpmbuild --quiet --define "_topdir $top" --define '_binary_payload w6.xzdio' --define '__os_install_post %{nil}' \
    --define 'use_source_date_epoch_as_buildtime 1' --define 'clamp_mtime_to_source_date_epoch 1' \
    --define '_buildhost klpscope' --define 'debug_package %{nil}' --target x86_64-linux -bb "$top/kernel-debuginfo.spec" >/dev/null
cp "$top"/RPMS/x86_64/*.rpm "$here/kernel-debuginfo-$release.seed.rpm"
ls -l "$here"
