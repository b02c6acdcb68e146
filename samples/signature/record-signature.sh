#!/bin/bash
# Records what Debian's kernels do with signed and unsigned modules (samples/README.md, "signature"): boots the
# kernel under QEMU (TCG) once per (mode, module) with a busybox initramfs that loads that one module, and writes
#   signature/signature-verdicts.tsv    kernel, mode, module, insmod's rc and error, loaded, kernel lines
#   signature/kernel-log/<k>-<mode>-<n>.log  the console lines of each boot (timestamps dropped)
# Modes: enforce (module.sig_enforce=1), lockdown (lockdown=integrity: what Debian does under Secure Boot),
# default (neither: Debian's config has CONFIG_MODULE_SIG_FORCE unset). One boot per module because the kernel
# prints its "module verification failed" taint line once per boot (pr_notice_once).
# Manual, not part of CI. Needs root on Debian bookworm (it apt-get installs qemu-system-x86, busybox-static, cpio).
# Usage: samples/signature/record-signature.sh [--kernel 6.1|6.12]... [--resume]   (default: both kernels;
# --resume keeps the boots whose log is complete)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
samples=$(cd "$here/.." && pwd)
cache=${KLP_CACHE:-/var/cache/klpscope}
need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
dpkg -s busybox-static >/dev/null 2>&1 || need+=(busybox-static)
command -v cpio >/dev/null || need+=(cpio)
if [ ${#need[@]} -gt 0 ]; then
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"
fi
kernels=()
resume=
while [ $# -gt 0 ]; do
	case $1 in
		--kernel) kernels+=("$2"); shift 2 ;;
		--resume) resume=1; shift ;;
		*) echo "usage: $0 [--kernel 6.1|6.12]... [--resume]" >&2; exit 2 ;;
	esac
done
[ ${#kernels[@]} -gt 0 ] || kernels=(6.1 6.12)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$here/kernel-log"
tsv=$tmp/verdicts.tsv
printf 'kernel\tmode\tmodule\trc\tinsmod\tloaded\tkernel_message\n' > "$tsv"
for k in "${kernels[@]}"; do
	vmlinuz=$(bash "$samples/kernels/kernels.sh" vmlinuz "$k")
	release=$(awk -F'\t' -v k="$k" '$1 == k { print $2 }' "$samples/kernels/kernels.tsv")
	kmod=$(dirname "$(dirname "$vmlinuz")")/lib/modules/$release/kernel/net/sched
	root=$tmp/root-$k
	mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/m/$k" "$root/m/debian"
	cp /bin/busybox "$root/bin/busybox"
	cp "$here/init" "$root/init"
	chmod +x "$root/init"
	if [ "$k" = 6.1 ]; then
		modules="seed/seed_lp1.ko signature/seed_lp1.ko debian/v57/sch_codel.ko debian/v47/sch_codel.ko"
		mkdir -p "$root/m/seed" "$root/m/signature" "$root/m/debian/v57" "$root/m/debian/v47"
		for m in $modules; do cp "$samples/$m" "$root/m/$m"; done
	else
		# Debian ships 6.12's modules xz-compressed; signed before compression, so the signature survives xz -d
		modules="kernels/$k/seed/seed_lp1.ko signature/$k/seed_lp1.ko debian/$k/sch_codel.ko"
		mkdir -p "$root/m/kernels/$k/seed" "$root/m/signature/$k" "$root/m/debian/$k"
		cp "$samples/kernels/$k/seed/seed_lp1.ko" "$root/m/kernels/$k/seed/"
		cp "$here/$k/seed_lp1.ko" "$root/m/signature/$k/"
		xz -dc "$kmod/sch_codel.ko.xz" > "$root/m/debian/$k/sch_codel.ko"
	fi
	(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$tmp/initrd-$k.gz"
	for mode in enforce lockdown default; do
		case $mode in
			enforce) extra="module.sig_enforce=1" ;;
			lockdown) extra="lockdown=integrity" ;;
			default) extra="" ;;
		esac
		n=0
		for m in $modules; do
			n=$((n + 1))
			log=$here/kernel-log/$k-$mode-$n.log
			# a boot that says nothing (qemu could not start on a busy machine) is tried again, up to three times
			for try in 1 2 3; do
				[ -n "$resume" ] && grep -q '^@@SIG DONE' "$log" 2>/dev/null && break
				timeout 600 qemu-system-x86_64 -accel tcg -cpu max -smp 1 -m 768 -kernel "$vmlinuz" \
					-initrd "$tmp/initrd-$k.gz" -append "console=ttyS0 panic=-1 nokaslr quiet $extra klpsig=$m" \
					-nographic -no-reboot < /dev/null 2>&1 | tr -d '\r' | grep -a -o '@@SIG .*' > "$log" || true
				grep -q '^@@SIG DONE' "$log" && break
			done
			grep -q '^@@SIG DONE' "$log" || { echo "boot $k $mode $m did not finish; see $log" >&2; exit 1; }
			rc=$(sed -n 's/^@@SIG INS rc=//p' "$log")
			err=$(sed -n 's/^@@SIG ERR //p' "$log" | paste -sd'|')
			loaded=$(sed -n 's/^@@SIG LOADED //p' "$log")
			# || true: grep -v finds nothing when the kernel said nothing else (a trusted module)
			msgs=$(sed -n 's/^@@SIG MSG //p' "$log" | grep -v -e '^livepatch: ' -e 'taints kernel' -e 'TAINT_LIVEPATCH' \
				| paste -sd'|' | sed 's/|/ | /g' || true)
			printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$release" "$mode" "$m" "$rc" "$err" "$loaded" "$msgs" >> "$tsv"
			echo "$k $mode $m: rc=$rc loaded=$loaded $msgs"
		done
	done
done
if [ ${#kernels[@]} -eq 2 ]; then cp "$tsv" "$here/signature-verdicts.tsv"; else cp "$tsv" "$here/signature-verdicts-${kernels[0]}.tsv"; fi
