#!/bin/sh
# Builds the small kernel packages klpscope's package tests read (dev.klpscope.kernels), from Debian's own
# sch_codel.ko of ABIs 47 and 57 (samples/debian/vNN). They are made here, not downloaded: a real
# linux-image package is 70 MB (those are tested too when /var/cache/klpscope holds them).
#
#   linux-image-6.1.0-NN-amd64_sample.deb   dpkg-deb, data.tar.xz:  lib/modules/6.1.0-NN-amd64/kernel/net/sched/sch_codel.ko
#   kernel-core-6.1.0-57-amd64.sample.rpm   rpmbuild, xz cpio payload, the same path for ABI 57
#
# Deterministic (SOURCE_DATE_EPOCH); needs dpkg-deb and rpmbuild (apt-get install rpm).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
samples=$(dirname "$here")
export SOURCE_DATE_EPOCH=1700000000
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for abi in 47 57; do
    release=6.1.0-$abi-amd64
    root=$work/deb-$abi
    mkdir -p "$root/DEBIAN" "$root/lib/modules/$release/kernel/net/sched"
    cp "$samples/debian/v$abi/sch_codel.ko" "$root/lib/modules/$release/kernel/net/sched/"
    cat >"$root/DEBIAN/control" <<CONTROL
Package: linux-image-$release
Version: 0.klpscope.sample
Architecture: amd64
Maintainer: klpscope samples <samples@klpscope.invalid>
Description: klpscope test package (sch_codel.ko of Debian's $release only)
CONTROL
    touch -d "@$SOURCE_DATE_EPOCH" "$root" "$root"/DEBIAN/control
    find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
    dpkg-deb --root-owner-group -Zxz --build "$root" "$here/linux-image-${release}_sample.deb" >/dev/null
done

release=6.1.0-57-amd64
top=$work/rpm
mkdir -p "$top/SOURCES"
cp "$samples/debian/v57/sch_codel.ko" "$top/SOURCES/"
cat >"$top/kernel-core.spec" <<SPEC
Name: kernel-core-$release
Version: 0
Release: klpscope.sample
Summary: klpscope test package (sch_codel.ko of Debian's $release only)
License: GPL-2.0-only
BuildArch: x86_64
%description
klpscope test package.
%install
mkdir -p %{buildroot}/lib/modules/$release/kernel/net/sched
cp %{_sourcedir}/sch_codel.ko %{buildroot}/lib/modules/$release/kernel/net/sched/
%files
/lib/modules/$release/kernel/net/sched/sch_codel.ko
SPEC
rpmbuild --quiet --define "_topdir $top" --define '_binary_payload w6.xzdio' --define '__os_install_post %{nil}' \
    --define 'use_source_date_epoch_as_buildtime 1' --define 'clamp_mtime_to_source_date_epoch 1' \
    --define '_buildhost klpscope' --target x86_64-linux -bb "$top/kernel-core.spec" >/dev/null
cp "$top"/RPMS/x86_64/*.rpm "$here/kernel-core-$release.sample.rpm"
ls -l "$here"
