package dev.klpscope.livepatch;

/**
 * What the patch's code does with a target at one relocation site, as far as the instruction there tells
 * ({@link SiteAccesses}): what decides whether binding the name to data, code or read-only memory faults.
 */
public enum SiteAccess {
    /** A call or jump to it: the CPU executes what the name binds to. */
    CALL("calls"),
    /** A memory operand that only reads it. */
    READ("reads"),
    /** A memory operand that writes it (a store or a read-modify-write). */
    WRITE("writes"),
    /** Its address is taken ({@code lea}, an immediate, a pointer in data): what is done through it is not seen here. */
    ADDRESS("takes the address of"),
    /** Not decided: another architecture, or an instruction the decoder does not know. */
    UNKNOWN("does something not decoded with");

    private final String verb;

    SiteAccess(String verb) {
        this.verb = verb;
    }

    /** E.g. "writes", to be followed by the target's name. */
    public String verb() {
        return verb;
    }
}
