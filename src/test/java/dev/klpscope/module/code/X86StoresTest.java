package dev.klpscope.module.code;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store table, one encoding per row as {@code objdump -d} prints it (all RIP-relative with displacement 0, as in
 * an unlinked module before the relocation is applied), against the SDM's operand order: whether the memory operand
 * is written.
 */
class X86StoresTest {

    private static final Map<String, Boolean> ENCODINGS = new LinkedHashMap<>();

    static {
        // stores and read-modify-writes of the memory operand
        ENCODINGS.put("89 05 00 00 00 00", true);             // mov %eax,0x0(%rip)   (rodata_lp's livepatch_answer+0xe)
        ENCODINGS.put("88 05 00 00 00 00", true);             // mov %al,0x0(%rip)
        ENCODINGS.put("48 89 05 00 00 00 00", true);          // mov %rax,0x0(%rip)
        ENCODINGS.put("c7 05 00 00 00 00 01 00 00 00", true); // movl $0x1,0x0(%rip)
        ENCODINGS.put("c6 05 00 00 00 00 01", true);          // movb $0x1,0x0(%rip)
        ENCODINGS.put("01 05 00 00 00 00", true);             // add %eax,0x0(%rip)
        ENCODINGS.put("29 05 00 00 00 00", true);             // sub %eax,0x0(%rip)
        ENCODINGS.put("31 05 00 00 00 00", true);             // xor %eax,0x0(%rip)
        ENCODINGS.put("83 05 00 00 00 00 01", true);          // addl $0x1,0x0(%rip)
        ENCODINGS.put("81 25 00 00 00 00 ff 00 00 00", true); // andl $0xff,0x0(%rip)
        ENCODINGS.put("ff 05 00 00 00 00", true);             // incl 0x0(%rip)
        ENCODINGS.put("fe 0d 00 00 00 00", true);             // decb 0x0(%rip)
        ENCODINGS.put("f0 ff 05 00 00 00 00", true);          // lock incl 0x0(%rip)
        ENCODINGS.put("f7 15 00 00 00 00", true);             // notl 0x0(%rip)
        ENCODINGS.put("f7 1d 00 00 00 00", true);             // negl 0x0(%rip)
        ENCODINGS.put("d1 25 00 00 00 00", true);             // shll 0x0(%rip)
        ENCODINGS.put("87 05 00 00 00 00", true);             // xchg %eax,0x0(%rip)
        ENCODINGS.put("f0 0f b1 15 00 00 00 00", true);       // lock cmpxchg %edx,0x0(%rip)
        ENCODINGS.put("f0 0f c1 05 00 00 00 00", true);       // lock xadd %eax,0x0(%rip)
        ENCODINGS.put("f0 0f ab 05 00 00 00 00", true);       // lock bts %eax,0x0(%rip)
        ENCODINGS.put("f0 0f ba 2d 00 00 00 00 03", true);    // lock btsl $0x3,0x0(%rip)
        ENCODINGS.put("0f 94 05 00 00 00 00", true);          // sete 0x0(%rip)
        // reads: the memory operand is a source, or only compared
        ENCODINGS.put("8b 05 00 00 00 00", false);            // mov 0x0(%rip),%eax   (rodata_lp's livepatch_answer+0x5)
        ENCODINGS.put("03 05 00 00 00 00", false);            // add 0x0(%rip),%eax
        ENCODINGS.put("39 05 00 00 00 00", false);            // cmp %eax,0x0(%rip)
        ENCODINGS.put("83 3d 00 00 00 00 01", false);         // cmpl $0x1,0x0(%rip)
        ENCODINGS.put("f7 05 00 00 00 00 01 00 00 00", false); // testl $0x1,0x0(%rip)
        ENCODINGS.put("0f b6 05 00 00 00 00", false);         // movzbl 0x0(%rip),%eax
        ENCODINGS.put("0f a3 05 00 00 00 00", false);         // bt %eax,0x0(%rip)
        ENCODINGS.put("0f ba 25 00 00 00 00 03", false);      // btl $0x3,0x0(%rip)
        ENCODINGS.put("ff 15 00 00 00 00", false);            // call *0x0(%rip)
        ENCODINGS.put("ff 35 00 00 00 00", false);            // push 0x0(%rip)
        ENCODINGS.put("8d 05 00 00 00 00", false);            // lea 0x0(%rip),%eax (no access at all)
        // register operands (mod=11) are never stores to memory
        ENCODINGS.put("89 c0", false);                        // mov %eax,%eax
        ENCODINGS.put("ff c0", false);                        // inc %eax
    }

    @Test
    void everyEncodingIsDecodedAndClassified() {
        ENCODINGS.forEach((hex, store) -> {
            byte[] code = HexFormat.ofDelimiter(" ").parseHex(hex);
            X86Instruction insn = X86Decoder.decode(code, 0, code.length).orElseThrow(() -> new AssertionError("not decoded: " + hex));
            assertEquals(code.length, insn.length(), hex);
            assertEquals(store, X86Stores.toMemoryOperand(insn), hex);
        });
    }

    /** {@link X86Stores#toRmOperand}: the same table for a register operand (what livepatch's register tracking asks). */
    @Test
    void registerOperandsAreWrittenByTheSameTable() {
        Map<String, Boolean> registers = new LinkedHashMap<>();
        registers.put("89 c0", true);        // mov %eax,%eax
        registers.put("ff c0", true);        // inc %eax
        registers.put("83 c0 01", true);     // add $0x1,%eax
        registers.put("0f 94 c0", true);     // sete %al
        registers.put("0f c7 f0", true);     // rdrand %eax (0F C7 /6 on a register; /1 on memory is cmpxchg8b)
        registers.put("39 c0", false);       // cmp %eax,%eax
        registers.put("83 f8 01", false);    // cmp $0x1,%eax
        registers.put("0f b6 c0", false);    // movzbl %al,%eax: writes ModRM.reg, reads r/m
        registers.put("ff d0", false);       // call *%rax
        registers.forEach((hex, written) -> {
            byte[] code = HexFormat.ofDelimiter(" ").parseHex(hex);
            X86Instruction insn = X86Decoder.decode(code, 0, code.length).orElseThrow(() -> new AssertionError("not decoded: " + hex));
            assertEquals(written, X86Stores.toRmOperand(insn), hex);
            assertFalse(X86Stores.toMemoryOperand(insn), hex);
        });
    }

    @Test
    void bothAnswersOccur() {
        assertTrue(ENCODINGS.containsValue(true));
        assertFalse(ENCODINGS.values().stream().allMatch(b -> b));
    }
}
