package dev.klpscope.elf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One DER element (tag, length, content) inside a {@link ByteReader}: the small reader behind {@link Pkcs7Message}
 * and {@link Certificate}. Definite lengths only (up to four length bytes), one-byte tags, and every element must
 * fit inside its parent; anything else is a {@link MalformedInputException} naming what was being read. The
 * kernel's own decoder ({@code lib/asn1_decoder.c}) is driven by its grammars; this reader only walks the few
 * fields klpscope needs and leaves the rest unread.
 */
final class Der {

    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;

    private final ByteReader data;
    private final int tag;
    private final long start;
    private final long content;
    private final long length;

    private Der(ByteReader data, int tag, long start, long content, long length) {
        this.data = data;
        this.tag = tag;
        this.start = start;
        this.content = content;
        this.length = length;
    }

    /** The element starting at {@code at}, which must end by {@code end}. */
    static Der read(ByteReader data, long at, long end, String what) {
        if (end - at < 2) {
            throw bad(data, at, what + ": truncated DER element");
        }
        int tag = data.u8(at, what);
        if ((tag & 0x1f) == 0x1f) {
            throw bad(data, at, what + ": multi-byte DER tag");
        }
        int first = data.u8(at + 1, what);
        long header = 2;
        long length;
        if (first < 0x80) {
            length = first;
        } else if (first == 0x80) {
            throw bad(data, at, what + ": indefinite length (BER), not DER");
        } else {
            int n = first & 0x7f;
            if (n > 4 || end - at < 2 + n) {
                throw bad(data, at, what + ": DER length of " + n + " bytes");
            }
            length = 0;
            for (int i = 0; i < n; i++) {
                length = (length << 8) | data.u8(at + 2 + i, what);
            }
            header += n;
        }
        if (length > end - at - header) {
            throw bad(data, at, what + ": DER element of " + length + " bytes runs past its container");
        }
        return new Der(data, tag, at, at + header, length);
    }

    private static MalformedInputException bad(ByteReader data, long at, String problem) {
        return new MalformedInputException(data.file(), problem, data.fileOffset(at));
    }

    int tag() {
        return tag;
    }

    /** Where the element's tag is. */
    long start() {
        return start;
    }

    long end() {
        return content + length;
    }

    long length() {
        return length;
    }

    /** The elements inside this one, in order. */
    List<Der> children(String what) {
        List<Der> out = new ArrayList<>();
        for (long at = content; at < end(); ) {
            Der d = read(data, at, end(), what);
            out.add(d);
            at = d.end();
        }
        return out;
    }

    /** This element, checked to carry {@code expected}. */
    Der expect(int expected, String what) {
        if (tag != expected) {
            throw bad(data, content, String.format("%s: DER tag 0x%02x where 0x%02x belongs", what, tag, expected));
        }
        return this;
    }

    /** The one element inside this one (an EXPLICIT tag's content). */
    Der only(String what) {
        List<Der> c = children(what);
        if (c.size() != 1) {
            throw bad(data, content, what + ": " + c.size() + " elements where one belongs");
        }
        return c.get(0);
    }

    byte[] bytes(String what) {
        return data.bytes(content, (int) length, what);
    }

    String hex(String what) {
        return HexFormat.of().formatHex(bytes(what));
    }

    /** An OBJECT IDENTIFIER's content in dotted form. */
    String oid(String what) {
        expect(OID, what);
        byte[] b = bytes(what);
        StringBuilder out = new StringBuilder();
        long value = 0;
        boolean firstArc = true;
        for (byte x : b) {
            if (value > (Long.MAX_VALUE >> 7)) {
                throw bad(data, content, what + ": object identifier arc too large");
            }
            value = (value << 7) | (x & 0x7f);
            if ((x & 0x80) == 0) {
                if (firstArc) {
                    long top = Math.min(value / 40, 2);
                    out.append(top).append('.').append(value - top * 40);
                    firstArc = false;
                } else {
                    out.append('.').append(value);
                }
                value = 0;
            }
        }
        if (firstArc || (b[b.length - 1] & 0x80) != 0) {
            throw bad(data, content, what + ": unterminated object identifier");
        }
        return out.toString();
    }

    private static final Map<String, String> ATTRIBUTES = Map.of("2.5.4.3", "CN", "2.5.4.10", "O", "2.5.4.11", "OU",
            "2.5.4.6", "C", "2.5.4.7", "L", "2.5.4.8", "ST", "1.2.840.113549.1.9.1", "emailAddress");

    /** A {@code Name} (SEQUENCE of SETs of type and value): its attributes in the order written, types short. */
    List<Map.Entry<String, String>> name(String what) {
        expect(SEQUENCE, what);
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (Der rdn : children(what)) {
            for (Der pair : rdn.expect(SET, what).children(what)) {
                List<Der> tv = pair.expect(SEQUENCE, what).children(what);
                if (tv.size() != 2) {
                    throw bad(data, pair.content, what + ": attribute without a type and a value");
                }
                String type = tv.get(0).oid(what);
                out.add(Map.entry(ATTRIBUTES.getOrDefault(type, type), tv.get(1).text(what)));
            }
        }
        return out;
    }

    /** Attributes as {@code O=klpscope, CN=...}. */
    static String joined(List<Map.Entry<String, String>> name) {
        return String.join(", ", name.stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    /** A directory string's text: UTF8String, BMPString, else the bytes as Latin-1 (Printable, IA5, T61). */
    private String text(String what) {
        byte[] b = bytes(what);
        return switch (tag) {
            case 0x0c -> new String(b, StandardCharsets.UTF_8);
            case 0x1e -> new String(b, StandardCharsets.UTF_16BE);
            default -> new String(b, StandardCharsets.ISO_8859_1);
        };
    }
}
