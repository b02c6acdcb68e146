package dev.klpscope.module;

import dev.klpscope.elf.Symbol;

/**
 * What an {@code nm} type letter in a {@code System.map} says of a symbol (binutils' {@code nm(1)}): lower case is
 * local, upper case global; {@code W}/{@code V} are weak (function / object), {@code w}/{@code v} weak and undefined.
 * The letter names the kind of section, not the ELF symbol type: {@code t}/{@code T} is "in code" (taken as a
 * function), {@code d D b B r R g G s S} "in data" (taken as a variable); an assembler label in {@code .text} is
 * {@code T} as a function is.
 */
final class SystemMapLetters {

    private SystemMapLetters() {
    }

    /**
     * Whether kallsyms has the symbol: {@code scripts/mksysmap} drops {@code a N U w}, {@code scripts/kallsyms}
     * ({@code is_ignored_symbol()}, 6.1 and 6.12) {@code U u N n} and {@code A} (but for four ia64/parisc names); a
     * weak undefined {@code v} is not defined either. As the ELF path counts ({@code SymbolTable}: defined, not
     * absolute, in an allocated section).
     */
    static boolean counted(char c) {
        return switch (c) {
            case 'a', 'A', 'U', 'u', 'w', 'v', 'n', 'N', '?', '-' -> false;
            default -> Character.isLetter(c);
        };
    }

    static int type(char c) {
        return switch (Character.toLowerCase(c)) {
            case 't', 'w', 'i' -> Symbol.STT_FUNC;
            case 'd', 'b', 'r', 'g', 's', 'v', 'u', 'c' -> Symbol.STT_OBJECT;
            default -> Symbol.STT_NOTYPE;
        };
    }

    static int binding(char c) {
        if (c == 'W' || c == 'V' || c == 'w' || c == 'v') {
            return Symbol.STB_WEAK;
        }
        return Character.isUpperCase(c) || c == 'u' ? Symbol.STB_GLOBAL : Symbol.STB_LOCAL;
    }

    /** The kind of section the letter names, for reports ("text", "data", ...). */
    static String place(char c) {
        return switch (Character.toLowerCase(c)) {
            case 't' -> "text";
            case 'd', 'g' -> "data";
            case 'b', 's' -> "bss";
            case 'r' -> "read-only data";
            case 'w', 'v' -> "weak";
            case 'a' -> "absolute";
            case 'i' -> "indirect function";
            case 'u' -> c == 'U' ? "undefined" : "unique global";
            default -> "type " + c;
        };
    }
}
