package dev.klpscope.elf;

/**
 * A key identifier as the kernel compares them ({@code struct asymmetric_key_id},
 * {@code crypto/asymmetric_keys/asymmetric_type.c}): the bytes of {@code asymmetric_key_generate_id(a, b)}, which
 * is {@code a} followed by {@code b}, in lower-case hex. A PKCS#7 signer is named by the raw serial number followed
 * by the raw issuer name ({@code pkcs7_note_signed_info}), or by a subject key identifier alone; a certificate is
 * found by either of its two ids ({@code x509_cert_parse}: serial and issuer; the subjectKeyIdentifier extension),
 * byte for byte ({@code find_asymmetric_key}, an {@code ex:} lookup).
 *
 * @param hex      the id's bytes
 * @param readable how a person names it: {@code serial 5ee1… of CN=…}, {@code key id ffd7…}
 */
public record KeyId(String hex, String readable) {

    static KeyId issuerAndSerial(String serialHex, String issuerContentHex, String issuerName) {
        return new KeyId(serialHex + issuerContentHex, "serial " + serialHex + " issued by " + issuerName);
    }

    static KeyId subjectKeyId(String skidHex) {
        return new KeyId(skidHex, "key id " + skidHex);
    }
}
