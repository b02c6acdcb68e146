package dev.klpscope.module.types;

import dev.klpscope.elf.MalformedInputException;

import java.util.List;

/**
 * Types by id, as {@link Layouts}, {@link TypeNames} and {@link Prototypes} walk them: a {@link Btf} (ids are BTF
 * type ids) or the DWARF of one unit ({@code dwarf.DwarfTypes}: ids derived from DIE offsets). Id {@code 0} is
 * {@code void}; an id that is not a type is malformed input naming the file.
 */
public interface TypeGraph {

    /** Type {@code id}; null for {@code 0} (void). */
    BtfType type(int id);

    /** Bytes of a pointer. */
    int pointerSize();

    /** The ids of the named types, variables and functions called {@code name}, in a deterministic order. */
    List<Integer> named(String name);

    /** The file the types come from. */
    String file();

    /** What the types are, for messages: {@code vmlinux .BTF}, {@code .debug_info unit 0x1a2b}. */
    String what();

    /**
     * Whether type {@code id} is declared by this graph itself rather than by a base it is read on (a module's split
     * BTF on vmlinux's): what a patch's own types are told apart by.
     */
    boolean owns(int id);

    /**
     * Malformed input found at type {@code id} ({@code problem} says what, without naming the type): names the file
     * and, where the graph knows it, the offset of the type's record (BTF) or DIE (DWARF).
     */
    default MalformedInputException malformed(int id, String problem) {
        return new MalformedInputException(file(), what() + ": type " + Integer.toUnsignedString(id) + " " + problem);
    }
}
