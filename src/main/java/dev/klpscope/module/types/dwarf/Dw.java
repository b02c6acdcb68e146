package dev.klpscope.module.types.dwarf;

/** The DWARF 5 constants this reader uses (DWARF Debugging Information Format Version 5, §7.5 and §7.7). */
final class Dw {

    private Dw() {
    }

    // tags (§7.5.4, table 7.3)
    static final int TAG_ARRAY = 0x01, TAG_CLASS = 0x02, TAG_ENUMERATION = 0x04, TAG_FORMAL_PARAMETER = 0x05,
            TAG_MEMBER = 0x0d, TAG_POINTER = 0x0f, TAG_REFERENCE = 0x10, TAG_COMPILE_UNIT = 0x11, TAG_STRUCTURE = 0x13,
            TAG_SUBROUTINE_TYPE = 0x15, TAG_TYPEDEF = 0x16, TAG_UNION = 0x17, TAG_UNSPECIFIED_PARAMETERS = 0x18,
            TAG_SUBRANGE = 0x21, TAG_BASE_TYPE = 0x24, TAG_CONST = 0x26, TAG_ENUMERATOR = 0x28, TAG_SUBPROGRAM = 0x2e,
            TAG_VARIABLE = 0x34, TAG_VOLATILE = 0x35, TAG_RESTRICT = 0x37, TAG_UNSPECIFIED_TYPE = 0x3b,
            TAG_PARTIAL_UNIT = 0x3c, TAG_RVALUE_REFERENCE = 0x42, TAG_ATOMIC = 0x47;

    // attributes (§7.5.4, table 7.5)
    static final int AT_LOCATION = 0x02, AT_NAME = 0x03, AT_BYTE_SIZE = 0x0b, AT_BIT_OFFSET = 0x0c, AT_BIT_SIZE = 0x0d,
            AT_LOW_PC = 0x11, AT_CONST_VALUE = 0x1c, AT_LOWER_BOUND = 0x22, AT_UPPER_BOUND = 0x2f, AT_ABSTRACT_ORIGIN = 0x31, AT_COUNT = 0x37,
            AT_DATA_MEMBER_LOCATION = 0x38, AT_DECLARATION = 0x3c, AT_ENCODING = 0x3e, AT_EXTERNAL = 0x3f,
            AT_SPECIFICATION = 0x47, AT_TYPE = 0x49, AT_DATA_BIT_OFFSET = 0x6b, AT_STR_OFFSETS_BASE = 0x72;

    // forms (§7.5.6, table 7.6), and the GNU extensions binutils and gcc emit
    static final int FORM_ADDR = 0x01, FORM_BLOCK2 = 0x03, FORM_BLOCK4 = 0x04, FORM_DATA2 = 0x05, FORM_DATA4 = 0x06,
            FORM_DATA8 = 0x07, FORM_STRING = 0x08, FORM_BLOCK = 0x09, FORM_BLOCK1 = 0x0a, FORM_DATA1 = 0x0b,
            FORM_FLAG = 0x0c, FORM_SDATA = 0x0d, FORM_STRP = 0x0e, FORM_UDATA = 0x0f, FORM_REF_ADDR = 0x10,
            FORM_REF1 = 0x11, FORM_REF2 = 0x12, FORM_REF4 = 0x13, FORM_REF8 = 0x14, FORM_REF_UDATA = 0x15,
            FORM_INDIRECT = 0x16, FORM_SEC_OFFSET = 0x17, FORM_EXPRLOC = 0x18, FORM_FLAG_PRESENT = 0x19,
            FORM_STRX = 0x1a, FORM_ADDRX = 0x1b, FORM_REF_SUP4 = 0x1c, FORM_STRP_SUP = 0x1d, FORM_DATA16 = 0x1e,
            FORM_LINE_STRP = 0x1f, FORM_REF_SIG8 = 0x20, FORM_IMPLICIT_CONST = 0x21, FORM_LOCLISTX = 0x22,
            FORM_RNGLISTX = 0x23, FORM_REF_SUP8 = 0x24, FORM_STRX1 = 0x25, FORM_STRX2 = 0x26, FORM_STRX3 = 0x27,
            FORM_STRX4 = 0x28, FORM_ADDRX1 = 0x29, FORM_ADDRX2 = 0x2a, FORM_ADDRX3 = 0x2b, FORM_ADDRX4 = 0x2c,
            FORM_GNU_ADDR_INDEX = 0x1f01, FORM_GNU_STR_INDEX = 0x1f02, FORM_GNU_REF_ALT = 0x1f20,
            FORM_GNU_STRP_ALT = 0x1f21;

    // base type encodings (§7.8)
    static final int ATE_FLOAT = 0x04, ATE_SIGNED = 0x05, ATE_SIGNED_CHAR = 0x06;

    // unit types (§7.5.1)
    static final int UT_COMPILE = 0x01, UT_TYPE = 0x02, UT_PARTIAL = 0x03, UT_SKELETON = 0x04, UT_SPLIT_COMPILE = 0x05,
            UT_SPLIT_TYPE = 0x06;

    static final int OP_ADDR = 0x03, OP_PLUS_UCONST = 0x23;
}
