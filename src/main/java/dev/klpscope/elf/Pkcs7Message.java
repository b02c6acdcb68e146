package dev.klpscope.elf;

import java.util.ArrayList;
import java.util.List;

/**
 * The signers of a module's PKCS#7 signature ({@code crypto/asymmetric_keys/pkcs7.asn1}, {@code pkcs7_parser.c}):
 * {@code ContentInfo} of type signedData, whose {@code SignedData} holds optional certificates and one or more
 * {@code SignerInfo}s, each naming its key by issuer and serial number or, with {@code [0]}, by subject key
 * identifier. That id is what the kernel looks the key up by ({@code pkcs7_validate_trust_one}, its "last
 * resort": {@code sign-file} puts no certificate into the message).
 *
 * @param signers      the key id of each {@code SignerInfo}, in order
 * @param certificates the certificates the message carries (the kernel would try to chain through them)
 */
public record Pkcs7Message(List<KeyId> signers, List<Certificate> certificates) {

    private static final String SIGNED_DATA = "1.2.840.113549.1.7.2";

    public Pkcs7Message {
        signers = List.copyOf(signers);
        certificates = List.copyOf(certificates);
    }

    /** Reads the message that fills {@code blob}. */
    public static Pkcs7Message read(ByteReader blob) {
        String what = "PKCS#7 signature";
        Der info = Der.read(blob, 0, blob.length(), what).expect(Der.SEQUENCE, what);
        if (info.end() != blob.length()) {
            throw new MalformedInputException(blob.file(), what + ": bytes after the message", blob.fileOffset(info.end()));
        }
        List<Der> ci = info.children(what);
        if (ci.size() != 2 || !ci.get(0).oid(what + " contentType").equals(SIGNED_DATA)) {
            throw new MalformedInputException(blob.file(), what + ": not a signedData ContentInfo", blob.fileOffset(0));
        }
        List<Der> sd = ci.get(1).expect(0xa0, what + " content").only(what + " content")
                .expect(Der.SEQUENCE, what + " SignedData").children(what + " SignedData");
        if (sd.size() < 4) {
            throw new MalformedInputException(blob.file(), what + ": SignedData too short", blob.fileOffset(0));
        }
        List<Certificate> certs = new ArrayList<>();
        for (Der d : sd.subList(3, sd.size() - 1)) {
            if (d.tag() == 0xa0) {                                      // [0] IMPLICIT certificates
                for (Der c : d.children(what + " certificates")) {
                    certs.add(Certificate.read(blob, c.start(), c.end()));
                }
            }
        }
        List<KeyId> signers = new ArrayList<>();
        for (Der si : sd.get(sd.size() - 1).expect(Der.SET, what + " signerInfos").children(what + " signerInfos")) {
            List<Der> f = si.expect(Der.SEQUENCE, what + " SignerInfo").children(what + " SignerInfo");
            if (f.size() < 5) {
                throw new MalformedInputException(blob.file(), what + ": SignerInfo too short", blob.fileOffset(0));
            }
            Der sid = f.get(1);
            if (sid.tag() == 0x80) {                                    // [0] IMPLICIT subjectKeyIdentifier
                signers.add(KeyId.subjectKeyId(sid.hex(what + " subjectKeyIdentifier")));
            } else {
                List<Der> is = sid.expect(Der.SEQUENCE, what + " issuerAndSerialNumber").children(what + " issuerAndSerialNumber");
                if (is.size() != 2) {
                    throw new MalformedInputException(blob.file(), what + ": issuerAndSerialNumber of " + is.size() + " parts",
                            blob.fileOffset(0));
                }
                Der issuer = is.get(0);
                signers.add(KeyId.issuerAndSerial(is.get(1).expect(Der.INTEGER, what + " serialNumber").hex(what + " serialNumber"),
                        issuer.hex(what + " issuer"), Der.joined(issuer.name(what + " issuer"))));
            }
        }
        if (signers.isEmpty()) {
            throw new MalformedInputException(blob.file(), what + ": no SignerInfo", blob.fileOffset(0));
        }
        return new Pkcs7Message(signers, certs);
    }
}
