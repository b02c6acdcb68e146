package dev.klpscope.module.types;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Prototypes.Signature#extendedBy}: which prototype changes leave a replacement compiled for the old one reading
 * its own arguments where they were (parameters appended, as Debian's 6.1.0-53 → -57 {@code pci_match_device} gained
 * {@code id_copy}: realkernels.VmlinuxTypesTest), and which do not (the proto sample's {@code ratio}: PrototypeSampleTest).
 */
class PrototypeExtensionTest {

    static Prototypes.Signature of(String returns, String... parameters) {
        return new Prototypes.Signature(returns + " (…)", returns, List.of(parameters));
    }

    @Test
    void onlyAppendedParametersWithTheSameReturnExtend() {
        Prototypes.Signature before = of("const struct pci_device_id *", "struct pci_driver *", "struct pci_dev *");
        assertTrue(before.extendedBy(of("const struct pci_device_id *", "struct pci_driver *", "struct pci_dev *",
                "struct pci_device_id *")));
        assertFalse(before.extendedBy(before), "no change is no extension");
        assertFalse(before.extendedBy(of("const struct pci_device_id *", "struct pci_driver *")), "a parameter removed");
        assertFalse(before.extendedBy(of("int", "struct pci_driver *", "struct pci_dev *", "int")), "the return changed");
        assertFalse(of("int", "int", "int").extendedBy(of("long int", "long int", "long int")), "proto: ratio");
        assertFalse(of("int", "int", "int").extendedBy(of("int", "long int", "int", "int")), "a parameter retyped");
        assertFalse(of("int", "const char *", "...").extendedBy(of("int", "const char *", "...", "int")), "varargs");
    }
}
