package dev.klpscope.elf;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the kernel keeps of an X.509 certificate to find it as a key ({@code crypto/asymmetric_keys/x509_cert_parser.c},
 * {@code x509_public_key.c}): its id (raw serial number and raw issuer name), its subject key identifier, and the
 * description it logs as "Loaded X.509 cert '…'" (the subject as {@code x509_fabricate_name} shortens it, a colon
 * and the key id, or the serial number when there is none). Read with {@link Der} rather than the JDK's
 * {@code CertificateFactory}: the ids are raw DER bytes that the JDK does not hand out, and the PKCS#7 side needs
 * the same reader anyway.
 *
 * @param subject readable subject ({@code O=…, CN=…})
 * @param issuer  readable issuer
 * @param serial  the serial number's content bytes, hex
 * @param keyId   the subjectKeyIdentifier, hex; empty when the certificate has none
 */
public record Certificate(String subject, String issuer, String serial, KeyId id, String keyId, String description) {

    private static final String SUBJECT_KEY_IDENTIFIER = "2.5.29.14";

    /** Whether the kernel would find this certificate's key for {@code wanted} ({@code asymmetric_key_cmp}). */
    public boolean matches(KeyId wanted) {
        return wanted.hex().equals(id.hex()) || (!keyId.isEmpty() && wanted.hex().equals(keyId));
    }

    /** Parses the certificate that fills {@code data} from {@code at} to {@code end}. */
    static Certificate read(ByteReader data, long at, long end) {
        String what = "X.509 certificate";
        Der cert = Der.read(data, at, end, what).expect(Der.SEQUENCE, what);
        List<Der> parts = cert.children(what);
        if (parts.size() != 3) {
            throw new MalformedInputException(data.file(), what + ": " + parts.size() + " parts where 3 belong",
                    data.fileOffset(at));
        }
        List<Der> tbs = parts.get(0).expect(Der.SEQUENCE, what + " tbsCertificate").children(what + " tbsCertificate");
        int i = !tbs.isEmpty() && tbs.get(0).tag() == 0xa0 ? 1 : 0;   // [0] EXPLICIT version
        if (tbs.size() < i + 6) {
            throw new MalformedInputException(data.file(), what + ": tbsCertificate too short", data.fileOffset(at));
        }
        Der serial = tbs.get(i).expect(Der.INTEGER, what + " serialNumber");
        Der issuer = tbs.get(i + 2);
        List<Map.Entry<String, String>> issuerName = issuer.name(what + " issuer");
        List<Map.Entry<String, String>> subjectName = tbs.get(i + 4).name(what + " subject");
        String skid = "";
        for (Der extra : tbs.subList(i + 6, tbs.size())) {
            if (extra.tag() == 0xa3) {                                  // [3] EXPLICIT extensions
                skid = subjectKeyId(extra.only(what + " extensions").expect(Der.SEQUENCE, what + " extensions"), what);
            }
        }
        String serialHex = serial.hex(what + " serialNumber");
        String subject = fabricatedName(subjectName);
        return new Certificate(Der.joined(subjectName), Der.joined(issuerName), serialHex,
                KeyId.issuerAndSerial(serialHex, issuer.hex(what + " issuer"), Der.joined(issuerName)), skid,
                subject + ": " + (skid.isEmpty() ? serialHex : skid));
    }

    /** {@code x509_note_extension}: the subjectKeyIdentifier's OCTET STRING inside the extension's OCTET STRING. */
    private static String subjectKeyId(Der extensions, String what) {
        for (Der ext : extensions.children(what + " extensions")) {
            List<Der> f = ext.expect(Der.SEQUENCE, what + " extension").children(what + " extension");
            if (f.size() < 2 || !f.get(0).oid(what + " extension").equals(SUBJECT_KEY_IDENTIFIER)) {
                continue;
            }
            Der value = f.get(f.size() - 1).expect(Der.OCTET_STRING, what + " subjectKeyIdentifier");
            if (value.length() < 3) {
                return "";                                              // the kernel ignores a shorter one
            }
            return value.only(what + " subjectKeyIdentifier").expect(Der.OCTET_STRING, what + " subjectKeyIdentifier")
                    .hex(what + " subjectKeyIdentifier");
        }
        return "";
    }

    /** {@code x509_fabricate_name}: CN, O or email; "O: CN" unless the CN starts with the O (or its first 7 bytes). */
    static String fabricatedName(List<Map.Entry<String, String>> name) {
        Optional<String> cn = last(name, "CN");
        Optional<String> o = last(name, "O");
        if (cn.isPresent() && o.isPresent()) {
            String c = cn.get();
            String g = o.get();
            boolean prefixed = c.startsWith(g) || (c.length() >= 7 && g.length() >= 7 && c.regionMatches(0, g, 0, 7));
            return prefixed ? c : g + ": " + c;
        }
        return cn.or(() -> o).or(() -> last(name, "emailAddress")).orElse("");
    }

    // the parser notes each attribute as it meets it, so a later one wins
    private static Optional<String> last(List<Map.Entry<String, String>> name, String type) {
        String found = null;
        for (Map.Entry<String, String> e : name) {
            if (e.getKey().equals(type)) {
                found = e.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * The certificates of a built-in list as {@code x509_load_certificate_list} walks it: each must begin
     * {@code 30 82} with a two-byte length; at the first that does not, the kernel logs "Problem parsing in-kernel
     * X.509 certificate list" and stops. One it cannot parse it skips ("Problem loading in-kernel X.509
     * certificate"); here it is returned as a problem too.
     */
    static List<Certificate> readList(ByteReader list, List<String> problems) {
        List<Certificate> out = new java.util.ArrayList<>();
        long p = 0;
        long end = list.length();
        while (p < end) {
            if (end - p < 4 || list.u8(p, "certificate list") != 0x30 || list.u8(p + 1, "certificate list") != 0x82) {
                problems.add("Problem parsing in-kernel X.509 certificate list (at byte " + p + ")");
                break;
            }
            long plen = ((long) list.u8(p + 2, "certificate length") << 8 | list.u8(p + 3, "certificate length")) + 4;
            if (plen > end - p) {
                problems.add("Problem parsing in-kernel X.509 certificate list (at byte " + p + ")");
                break;
            }
            try {
                out.add(read(list, p, p + plen));
            } catch (MalformedInputException e) {
                problems.add("Problem loading in-kernel X.509 certificate: " + e.problem());
            }
            p += plen;
        }
        return List.copyOf(out);
    }
}
