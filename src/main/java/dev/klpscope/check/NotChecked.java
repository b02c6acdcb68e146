package dev.klpscope.check;

import dev.klpscope.elf.MalformedInputException;

import java.util.function.Supplier;

/**
 * Why a type check ({@code var-layout}, {@code func-prototype}) was not made, found while reading types: a build's
 * BTF or DWARF that is there but cannot be read, or a name that does not tell one type. Thrown from the reads to the
 * check, which makes it its "not checked" finding; the run goes on.
 */
final class NotChecked extends RuntimeException {

    NotChecked(String reason) {
        super(reason, null, false, false);
    }

    /** {@code whose} ("this candidate's types") cannot be read, as {@code e} says: file, offset and what is wrong. */
    static NotChecked unreadable(String whose, String message) {
        return new NotChecked(whose + " cannot be read: " + message);
    }

    /** {@code read}, with malformed input in it reported as {@code whose} types that cannot be read. */
    static <T> T reading(String whose, Supplier<T> read) {
        try {
            return read.get();
        } catch (MalformedInputException e) {
            throw unreadable(whose, e.getMessage());
        }
    }
}
