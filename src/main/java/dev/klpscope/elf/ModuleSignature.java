package dev.klpscope.elf;

import java.nio.charset.StandardCharsets;

/**
 * The trailer the kernel's {@code sign-file} appends after a module's ELF data:
 * the PKCS#7 blob, {@code struct module_signature} (12 bytes, {@code sig_len} big-endian) and the magic
 * string {@code "~Module signature appended~\n"} ({@code include/linux/module_signature.h}).
 *
 * @param elfLength     bytes of ELF data before the signature
 * @param signatureLength {@code sig_len}: the PKCS#7 blob's size
 */
public record ModuleSignature(long elfLength, long signatureLength, int algorithm, int hash, int idType,
                              int signerLength, int keyIdLength, boolean paddingZero, boolean derSequence) {

    static final byte[] MAGIC = "~Module signature appended~\n".getBytes(StandardCharsets.US_ASCII);
    static final int INFO_SIZE = 12;

    /** Finds the trailer at the end of {@code data}, or returns null when the file is not signed. */
    static ModuleSignature find(ByteReader data) {
        long size = data.length();
        if (size < MAGIC.length + INFO_SIZE) {
            return null;
        }
        byte[] tail = data.bytes(size - MAGIC.length, MAGIC.length, "module signature magic");
        if (!java.util.Arrays.equals(tail, MAGIC)) {
            return null;
        }
        long info = size - MAGIC.length - INFO_SIZE;
        int algorithm = data.u8(info, "module signature algorithm");
        int hash = data.u8(info + 1, "module signature hash");
        int idType = data.u8(info + 2, "module signature id type");
        int signerLength = data.u8(info + 3, "module signature signer_len");
        int keyIdLength = data.u8(info + 4, "module signature key_id_len");
        boolean padZero = data.u8(info + 5, "module signature pad") == 0 && data.u8(info + 6, "module signature pad") == 0
                && data.u8(info + 7, "module signature pad") == 0;
        byte[] len = data.bytes(info + 8, 4, "module signature length");
        long sigLen = ((len[0] & 0xffL) << 24) | ((len[1] & 0xffL) << 16) | ((len[2] & 0xffL) << 8) | (len[3] & 0xffL);
        if (sigLen > info) {
            throw new MalformedInputException(data.file(),
                    "module signature claims " + sigLen + " bytes, more than the " + info + " bytes before it"
                            + "; the kernel rejects it too: Bad message (-EBADMSG, even when signatures are not enforced)",
                    info + 8);
        }
        long blob = info - sigLen;
        return new ModuleSignature(blob, sigLen, algorithm, hash, idType, signerLength, keyIdLength, padZero,
                derSequence(data, blob, sigLen));
    }

    /** Whether the blob is one DER SEQUENCE filling exactly {@code sig_len} bytes, as a PKCS#7 message must. */
    private static boolean derSequence(ByteReader data, long at, long length) {
        if (length < 2 || data.u8(at, "signature") != 0x30) {
            return false;
        }
        int first = data.u8(at + 1, "signature");
        long header = 2;
        long content;
        if (first < 0x80) {
            content = first;
        } else {
            int n = first & 0x7f;
            if (n == 0 || n > 4 || length < 2 + n) {
                return false;
            }
            content = 0;
            for (int i = 0; i < n; i++) {
                content = (content << 8) | data.u8(at + 2 + i, "signature");
            }
            header += n;
        }
        return header + content == length;
    }

    /** {@code mod_check_sig}: for PKCS#7, algo, hash, signer_len, key_id_len and the padding must all be 0. */
    public boolean zeroParams() {
        return algorithm == 0 && hash == 0 && signerLength == 0 && keyIdLength == 0 && paddingZero;
    }

    /** {@code PKEY_ID_PKCS7} is the only form the kernel accepts today. */
    public boolean isPkcs7() {
        return idType == 2;
    }
}
