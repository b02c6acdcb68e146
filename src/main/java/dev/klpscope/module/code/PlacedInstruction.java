package dev.klpscope.module.code;

import java.util.OptionalLong;

/**
 * A decoded x86-64 instruction at its offset in a section ({@link X86Decoder#decodeAll}): where its fields are in the
 * section, which is where the relocations that apply to them are.
 */
public record PlacedInstruction(long offset, X86Instruction insn) {

    public long end() {
        return offset + insn.length();
    }

    /** Section offset of the 32-bit displacement, or -1. */
    public long dispAt() {
        return insn.dispAt() < 0 ? -1 : offset + insn.dispAt();
    }

    /** Section offset of the immediate, or -1. */
    public long immAt() {
        return insn.immAt() < 0 ? -1 : offset + insn.immAt();
    }

    /** Section offset a relative branch ({@code call}, {@code jmp}, {@code Jcc}, {@code loop}) reaches. */
    public OptionalLong branchTarget() {
        OptionalLong d = insn.branchOffset();
        return d.isPresent() ? OptionalLong.of(offset + d.getAsLong()) : d;
    }
}
