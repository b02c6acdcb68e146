package dev.klpscope.elf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The X.509 certificates compiled into a vmlinux, which the kernel loads into its built-in trusted keyring at boot
 * ({@code certs/system_keyring.c}, {@code load_system_certificate_list}; the same in 6.1 and 6.12): with
 * {@code CONFIG_MODULE_SIG}, {@code system_certificate_list_size} bytes from {@code system_certificate_list}
 * ({@code certs/system_certificates.S}: the module signing key's certificate, then
 * {@code CONFIG_SYSTEM_TRUSTED_KEYS}), walked by {@code x509_load_certificate_list}. Found through the symbol table;
 * the list lives in {@code .init.data}, so a file without that section's contents (a symbol-table extract) has none.
 *
 * @param certificates what the kernel loads, in order
 * @param problems     what it would log instead ("Problem parsing in-kernel X.509 certificate list", …)
 * @param unavailable  why the list could not be read from this file; empty when it was
 */
public record BuiltinKeys(List<Certificate> certificates, List<String> problems, String unavailable) {

    public BuiltinKeys {
        certificates = List.copyOf(certificates);
        problems = List.copyOf(problems);
    }

    public boolean available() {
        return unavailable.isEmpty();
    }

    /** The first certificate the kernel would find for {@code id}. */
    public Optional<Certificate> find(KeyId id) {
        return certificates.stream().filter(c -> c.matches(id)).findFirst();
    }

    /** Reads a vmlinux's list; cached on the image. */
    public static BuiltinKeys of(ElfImage vmlinux) {
        return vmlinux.derived(BuiltinKeys.class, BuiltinKeys::read);
    }

    private static BuiltinKeys read(ElfImage image) {
        Symbol list = image.symbols().firstDefined("system_certificate_list").orElse(null);
        Symbol size = image.symbols().firstDefined("system_certificate_list_size").orElse(null);
        if (list == null || size == null) {
            return none("it has no system_certificate_list and system_certificate_list_size symbols");
        }
        boolean is64 = image.header().is64();
        Optional<ByteReader> sizeBytes = at(image, size, is64 ? 8 : 4);
        if (sizeBytes.isEmpty()) {
            return none("the file does not hold the contents of the section of system_certificate_list_size");
        }
        long length = sizeBytes.get().word(0, is64, "system_certificate_list_size");
        if (length < 0 || length > 16 << 20) {
            return none("system_certificate_list_size is " + Long.toUnsignedString(length) + " bytes");
        }
        Optional<ByteReader> bytes = at(image, list, length);
        if (bytes.isEmpty()) {
            return none("the file does not hold the " + length + " bytes of system_certificate_list (section contents"
                    + " stripped, or the list runs past its section)");
        }
        List<String> problems = new ArrayList<>();
        List<Certificate> certs = Certificate.readList(bytes.get(), problems);
        return new BuiltinKeys(certs, problems, "");
    }

    /**
     * The file's bytes of a symbol, when its section holds all of them: at its address in a linked vmlinux, at its
     * offset in a relocatable object ({@code certs/system_certificates.o}).
     */
    private static Optional<ByteReader> at(ElfImage image, Symbol symbol, long length) {
        int index = symbol.sectionIndex();
        if (index <= 0 || index >= image.sections().size()) {
            return Optional.empty();
        }
        Section s = image.section(index);
        long offset = image.header().type() == ElfHeader.ET_REL ? symbol.value() : symbol.value() - s.address();
        if (!s.occupiesFile() || offset < 0 || length > s.size() || offset > s.size() - length) {
            return Optional.empty();
        }
        return Optional.of(image.data(s).slice(offset, length, symbol.name()));
    }

    private static BuiltinKeys none(String why) {
        return new BuiltinKeys(List.of(), List.of(), why);
    }
}
