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
public record ModuleSignature(long elfLength, long signatureLength, int algorithm, int hash, int idType) {

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
        byte[] len = data.bytes(info + 8, 4, "module signature length");
        long sigLen = ((len[0] & 0xffL) << 24) | ((len[1] & 0xffL) << 16) | ((len[2] & 0xffL) << 8) | (len[3] & 0xffL);
        if (sigLen > info) {
            throw new MalformedInputException(data.file(),
                    "module signature claims " + sigLen + " bytes, more than the " + info + " bytes before it", info + 8);
        }
        return new ModuleSignature(info - sigLen, sigLen, algorithm, hash, idType);
    }

    /** {@code PKEY_ID_PKCS7} is the only form the kernel accepts today. */
    public boolean isPkcs7() {
        return idType == 2;
    }
}
