package dev.klpscope.kernels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Member paths as real packages spell them (Debian, Ubuntu, Fedora, SUSE) and as hostile ones do. */
class MemberPathTest {

    static final Set<String> WANTED = Set.of("sch_codel", "kvm_intel", "vmlinux");

    @ParameterizedTest
    @CsvSource({
            // path, object, release, debug
            "lib/modules/6.1.0-57-amd64/kernel/net/sched/sch_codel.ko, sch_codel, 6.1.0-57-amd64, false",
            "lib/modules/6.12.95+deb12-amd64/kernel/net/sched/sch_codel.ko.xz, sch_codel, 6.12.95+deb12-amd64, false",
            "lib/modules/6.8.0-45-generic/kernel/arch/x86/kvm/kvm-intel.ko.zst, kvm_intel, 6.8.0-45-generic, false",
            "usr/lib/modules/5.14.21-150500.55.65-default/kernel/net/sched/sch_codel.ko.gz, sch_codel, 5.14.21-150500.55.65-default, false",
            "usr/lib/debug/lib/modules/6.1.0-57-amd64/kernel/net/sched/sch_codel.ko, sch_codel, 6.1.0-57-amd64, true",
            "usr/lib/debug/boot/vmlinux-6.1.0-57-amd64, vmlinux, 6.1.0-57-amd64, true",
            "usr/lib/debug/lib/modules/5.14.0-427.el9.x86_64/vmlinux, vmlinux, 5.14.0-427.el9.x86_64, true",
            "boot/vmlinux-6.8.0-45-generic, vmlinux, 6.8.0-45-generic, false",
            // the bzImage: its vmlinux's BTF is the base of the release's modules (KernelBuilds: never a candidate)
            "boot/vmlinuz-6.1.0-57-amd64, vmlinux, 6.1.0-57-amd64, false",
            "usr/lib/modules/7.3.4+deb13-amd64/vmlinuz, vmlinux, 7.3.4+deb13-amd64, false",
            // System.map for vmlinux (taken only when the build has no vmlinux): Debian/Ubuntu /boot, Fedora's tree
            "boot/System.map-6.1.0-57-amd64, vmlinux, 6.1.0-57-amd64, false",
            "usr/lib/debug/boot/System.map-6.12.95+deb12-amd64, vmlinux, 6.12.95+deb12-amd64, true",
            "lib/modules/6.11.4-301.fc41.x86_64/System.map, vmlinux, 6.11.4-301.fc41.x86_64, false",
            // its exports, the map's partner (never a candidate): linux-headers, Fedora's and SUSE's /boot and tree
            "usr/src/linux-headers-6.1.0-57-amd64/Module.symvers, Module.symvers, 6.1.0-57-amd64, false",
            "boot/symvers-6.11.4-301.fc41.x86_64.xz, Module.symvers, 6.11.4-301.fc41.x86_64, false",
            "boot/symvers-5.14.21-150500.55.65-default.gz, Module.symvers, 5.14.21-150500.55.65-default, false",
            "lib/modules/6.11.4-301.fc41.x86_64/symvers.xz, Module.symvers, 6.11.4-301.fc41.x86_64, false",
    })
    void namedObjectsWithTheirRelease(String path, String object, String release, boolean debug) {
        assertEquals(Optional.of(new MemberPath.Match(object, Optional.of(release), debug)), MemberPath.match(path, WANTED));
    }

    @Test
    void othersAreNotObjectsOfThePatch() {
        for (String path : List.of("lib/modules/6.1.0-57-amd64/kernel/net/sched/sch_fq.ko",
                "boot/config-6.1.0-57-amd64", "usr/share/doc/sch_codel.ko.txt",
                "lib/modules/6.1.0-57-amd64/modules.dep", "usr/lib/debug/.build-id/ab/cdef.debug")) {
            assertEquals(Optional.empty(), MemberPath.match(path, WANTED), path);
        }
        assertEquals(Optional.of("6.1.0-57-amd64"), MemberPath.systemMapRelease("boot/System.map-6.1.0-57-amd64"));
        // without vmlinux among the patch's objects a map is nothing either
        assertEquals(Optional.empty(), MemberPath.match("boot/System.map-6.1.0-57-amd64", Set.of("sch_codel")));
    }

    @Test
    void escapingPathsAreRefusedAndDotSlashIsPlain() {
        assertEquals(Optional.of("lib/x.ko"), MemberPath.normalize("./lib/x.ko"));
        for (String bad : List.of("../x.ko", "lib/../../x.ko", "/lib/x.ko", "./../x.ko", "lib/\0x.ko")) {
            assertTrue(MemberPath.normalize(bad).isEmpty(), bad);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "6.1.0-57-amd64, amd64",
            "6.1.0-57-rt-amd64, rt-amd64",
            "6.1.0-57-cloud-amd64, cloud-amd64",
            "6.12.95+deb12-amd64, amd64",
            "6.8.0-45-generic, generic",
            "5.14.21-150500.55.65-default, default",
            "5.14.0-427.13.1.el9_4.x86_64+rt, rt",
            "5.14.0-427.13.1.el9_4.x86_64, ''",
            "6.1.192, ''",
    })
    void flavourFromTheRelease(String release, String flavour) {
        assertEquals(flavour, Releases.flavour(release));
    }

    @Test
    void releasesSortAsVersions() {
        List<String> sorted = List.of("6.12.95+deb12-amd64", "6.1.0-10-amd64", "6.1.0-9-amd64", "6.1.0-57-amd64")
                .stream().sorted(Releases.ORDER).toList();
        assertEquals(List.of("6.1.0-9-amd64", "6.1.0-10-amd64", "6.1.0-57-amd64", "6.12.95+deb12-amd64"), sorted);
    }
}
