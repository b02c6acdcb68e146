package dev.klpscope.check;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One conclusion of a check: what happens, what the kernel prints (where it prints anything) and why it
 * matters. One record per kind of finding; {@code docs/checks.md} lists them by {@link #check()} id.
 */
public sealed interface Finding {

    /** The check's stable id, e.g. {@code sympos-resolves}. */
    String check();

    Severity severity();

    /** The worst severity of these findings; {@code ok} for none (a severity knows nothing of findings). */
    static Severity worstOf(Collection<? extends Finding> findings) {
        Severity w = Severity.OK;
        for (Finding f : findings) {
            w = Severity.worst(w, f.severity());
        }
        return w;
    }

    /**
     * Worst first, the checks' order within a severity (a stable sort): the one ordering of findings every report and
     * the window's cards use, so a {@code silent} never sits under an {@code ok}.
     */
    static List<Finding> worstFirst(Collection<? extends Finding> findings) {
        return findings.stream().sorted(Comparator.comparing(Finding::severity)).map(f -> (Finding) f).toList();
    }

    /** What happens, in one sentence a kernel engineer would write. */
    String message();

    /** The kernel's own log line for it, when the kernel prints one. */
    default Optional<String> kernelMessage() {
        return Optional.empty();
    }

    /** Why it matters. */
    String why();

    /** Where code differs, for findings about changed code that both builds' files hold ({@link CodeComparison}). */
    default Optional<CodeDifference> codeDifference() {
        return Optional.empty();
    }

    /** Both sides of a type the patch relies on, for findings about changed types ({@code var-layout}, {@code func-prototype}). */
    default Optional<TypeComparison> typeComparison() {
        return Optional.empty();
    }

    /** The load order this finding holds for; most hold for both. */
    default LoadOrder order() {
        return LoadOrder.ANY;
    }

    String FUNCTION_CARRY = "A function can be carried in the next patch (duplicated into it); ";
    String VARIABLE_STATE = "a variable cannot: its state lives in the module.";

    // ---- resolution (livepatch-format.md §3.1) -------------------------------------------------------

    /** The reference resolves; says to what ({@code size} -1: not known, a System.map's symbol). */
    record Resolves(String name, String object, int position, int count, String type, long size, String section,
                    String note, LoadOrder order) implements Finding {
        public String check() { return "sympos-resolves"; }
        public Severity severity() { return Severity.OK; }
        public String message() {
            return String.format("resolves to %s %s (%s, %s)%s%s%s", type, name, size < 0 ? "size unknown" : size + " bytes", section,
                    count > 1 ? String.format(", position %d of %d", position, count) : "", note.isEmpty() ? "" : " " + note,
                    order.suffix());
        }
        public String why() { return "The kernel binds by name and position only; this is the symbol it will use."; }
    }

    /** {@code symbol '%s' not found in symbol table}. */
    record SymbolMissing(String name, String object, List<String> nearMisses, LoadOrder order, String kernelLine) implements Finding {
        public String check() { return "symbol-present"; }
        public Severity severity() { return Severity.REFUSED; }
        public String message() {
            return String.format("%s has no symbol '%s'%s: the kernel refuses%s", object, name,
                    nearMisses.isEmpty() ? "" : " (similar: " + String.join(", ", nearMisses) + ")",
                    order.suffix());
        }
        public Optional<String> kernelMessage() { return Optional.of(kernelLine); }
        public String why() {
            return "A missing name refuses the patch (vmlinux) or the module load (module object); renamed compiler "
                    + "clones (.isra.N, .constprop.N) are the usual cause.";
        }
    }

    /** {@code unresolvable ambiguity for symbol '%s' in object '%s'}. */
    record Ambiguous(String name, String object, int count, LoadOrder order, String kernelLine) implements Finding {
        public String check() { return "sympos-resolves"; }
        public Severity severity() { return Severity.REFUSED; }
        public String message() {
            return String.format("%s has %d symbols named '%s' and the patch asks for sympos 0 (unique)%s", object, count,
                    name, order.suffix());
        }
        public Optional<String> kernelMessage() { return Optional.of(kernelLine); }
        public String why() { return "sympos 0 means 'the only one'; a new same-named static makes the kernel refuse."; }
    }

    /** {@code symbol position %lu for symbol '%s' in object '%s' not found}. */
    record PositionNotFound(String name, String object, long sympos, int count, LoadOrder order, String kernelLine) implements Finding {
        public String check() { return "sympos-resolves"; }
        public Severity severity() { return Severity.REFUSED; }
        public String message() {
            return String.format("the patch asks for '%s' at position %s, but %s has only %d%s", name,
                    Long.toUnsignedString(sympos), object, count,
                    order.suffix());
        }
        public Optional<String> kernelMessage() { return Optional.of(kernelLine); }
        public String why() { return "Same-named statics are counted in symbol-table order; one fewer and the position is gone."; }
    }

    /** The two load orders resolve differently (e.g. a same-named symbol in an init section). */
    record LoadOrderDependent(String name, String loadedFirst, String loadsAfter) implements Finding {
        public String check() { return "sympos-load-order"; }
        public Severity severity() { return Severity.WARN; }
        public String message() {
            return String.format("'%s' resolves differently by load order: target loaded first: %s; target loading after the patch: %s",
                    name, loadedFirst, loadsAfter);
        }
        public String why() {
            return "While a module loads, the kernel counts its init symbols too; once loaded, only core symbols.";
        }
    }

    // ---- identity against the baseline (§4 classes 3-5) --------------------------------------------

    /**
     * The position still resolves, but to another compilation unit's copy than in the baseline
     * ({@link StaticIdentity.OtherUnit}); {@code baseline} and {@code candidate} name both units.
     */
    record DifferentEntity(String name, long sympos, String baseline, String candidate) implements Finding {
        public String check() { return "sympos-identity"; }
        public Severity severity() { return Severity.SILENT; }
        public String message() {
            return String.format("position %d of '%s' binds another compilation unit's copy here: baseline %s, here %s", sympos,
                    name, baseline, candidate);
        }
        public String why() {
            return "The kernel binds silently to whatever sits at that position: the patch calls or writes the wrong static.";
        }
    }

    /** The position binds the baseline's static, whose code or bytes changed since ({@link StaticIdentity.SameUnitChanged}). */
    record SameStaticChanged(String name, long sympos, String unit, long baselineSize, long candidateSize,
                             Optional<CodeDifference> difference) implements Finding {
        public String check() { return "sympos-identity"; }
        public Severity severity() { return Severity.RISK; }
        public Optional<CodeDifference> codeDifference() { return difference.filter(CodeDifference::located); }
        public String message() {
            return String.format("position %d of '%s' is the same %s here as in the baseline%s, changed%s%s", sympos, name,
                    difference.isPresent() ? "function" : "symbol", unit.isEmpty() ? "" : " (" + unit + ")",
                    baselineSize == candidateSize ? "" : String.format(" (%d bytes here, %d in the baseline)", candidateSize, baselineSize),
                    difference.filter(CodeDifference::located).map(d -> ": " + d.describe()).orElse(""));
        }
        public String why() {
            return "The patch binds to the right static, but it no longer is what the patch was built against.";
        }
    }

    /**
     * Function in one build, variable in the other (or the relocation kind disagrees with the symbol). {@code fault}:
     * the patched code calls what is data here, or writes what is code ({@code access} says who), and oopses; else
     * it reads the wrong bytes or keeps a wrong address, silently.
     */
    record KindChanged(String name, String expected, String found, String basis, String access, Optional<Fault> fault)
            implements Finding {
        public String check() { return "symbol-type"; }
        public Severity severity() { return fault.isPresent() ? Severity.CRASH : Severity.SILENT; }
        public String message() {
            return String.format("'%s' is a %s here but the patch expects a %s (%s)%s", name, found, expected, basis,
                    fault.map(f -> ": " + access + " and " + f.what).orElse(access.isEmpty() ? "" : ": " + access));
        }
        public Optional<String> kernelMessage() { return fault.map(f -> f.kernelLines); }
        public String why() {
            return fault.isPresent() ? Fault.WHY
                    : "The kernel never checks the type: reading code as data, or keeping the address of the wrong kind, "
                    + "goes wrong silently.";
        }
    }

    record VariableSizeChanged(String name, long baselineSize, long candidateSize) implements Finding {
        public String check() { return "var-size-section"; }
        public Severity severity() { return Severity.SILENT; }
        public String message() {
            return String.format("variable '%s' is %d bytes here, %d in the baseline the patch was built against", name,
                    candidateSize, baselineSize);
        }
        public String why() {
            return "The patched code reads and writes the old layout. " + FUNCTION_CARRY + VARIABLE_STATE;
        }
    }

    /**
     * The variable's section class changed ({@link SectionClass#effect}). {@code fault}: it is read-only here and the
     * patched code writes it ({@code effect} says who), which oopses; else the effect is silent.
     */
    record VariableSectionChanged(String name, String baselineSection, String candidateSection, String effect,
                                  Optional<Fault> fault) implements Finding {
        public String check() { return "var-size-section"; }
        public Severity severity() { return fault.isPresent() ? Severity.CRASH : Severity.SILENT; }
        public String message() {
            return String.format("variable '%s' moved from %s to %s: %s", name, baselineSection, candidateSection, effect);
        }
        public Optional<String> kernelMessage() { return fault.map(f -> f.kernelLines); }
        public String why() {
            return fault.isPresent() ? Fault.WHY
                    : "Section class decides how the variable may be accessed; the kernel does not check it.";
        }
    }

    /**
     * {@code var-layout}: the variable's type has another layout here than in the baseline ({@link LayoutChecks});
     * {@code changes} names what moved, changed type, appeared or went, {@code count} how many changes in all;
     * {@code reference} says whose layout this is compared with (the patch's own BTF, or the baseline);
     * {@code layouts} both layouts member by member, for the window's type panel and the reports' member diff.
     */
    record VariableLayoutChanged(String name, String referenceType, String candidateType, String changes, int count,
                                 String reference, Optional<TypeComparison.LayoutPair> layouts) implements Finding {
        /** Without the layouts themselves (the text only). */
        public VariableLayoutChanged(String name, String referenceType, String candidateType, String changes, int count,
                                     String reference) {
            this(name, referenceType, candidateType, changes, count, reference, Optional.empty());
        }

        public String check() { return "var-layout"; }
        public Optional<TypeComparison> typeComparison() { return layouts.map(l -> l); }
        public Severity severity() { return Severity.SILENT; }
        public String message() {
            return String.format("variable '%s' (%s) has another layout here than in %s: %s", name,
                    referenceType.equals(candidateType) ? candidateType : referenceType + " there, " + candidateType + " here",
                    reference, changes);
        }
        public String why() {
            return "The patched code reads and writes the members at the baseline's offsets and types, whatever lies there "
                    + "now; the kernel compares no types. " + FUNCTION_CARRY + VARIABLE_STATE;
        }
    }

    /** {@code var-layout} could not be checked for this variable; {@code reason} says why and what would help. */
    record VariableLayoutNotChecked(String name, String reason) implements Finding {
        public String check() { return "var-layout"; }
        public Severity severity() { return Severity.OK; }
        public String message() {
            return String.format("layout of variable '%s' not checked: %s", name, reason);
        }
        public String why() {
            return "A member moved or retyped at the same size passes every other check; only the types can tell.";
        }
    }

    /**
     * {@code func-prototype}: the function's prototype (BTF or DWARF) differs from the baseline's. {@code patched}: the
     * patch replaces it, else the patch calls or uses it ({@code silent}: it passes or reads its arguments as the
     * baseline's prototype says). {@code extended}: the candidate's prototype only adds parameters after the
     * baseline's, with the same return type; a replacement then reads its own arguments right and ignores the new
     * ones ({@code risk}: it undoes what this build does with them), else it reads this build's callers' arguments as
     * other types ({@code silent}; sample proto, recorded on 6.12: {@code ratio=0} where 21 was right).
     */
    record PrototypeChanged(String name, boolean patched, String baseline, String candidate, boolean extended)
            implements Finding {
        public String check() { return "func-prototype"; }
        public Severity severity() { return patched && extended ? Severity.RISK : Severity.SILENT; }
        public Optional<TypeComparison> typeComparison() {
            return Optional.of(new TypeComparison.PrototypePair("the baseline", baseline, candidate));
        }
        public String message() {
            return String.format("'%s'%s has another prototype here than in the baseline: %s there, %s here", name,
                    patched ? ", which the patch replaces," : ", which the patch refers to,", baseline, candidate);
        }
        public String why() {
            if (!patched) {
                return "The patch passes and reads arguments as the old prototype says; a klp relocation is never CRC-checked "
                        + "and the kernel compares no types.";
            }
            return extended
                    ? "This build's callers pass parameters the patch's replacement, compiled for the old prototype, ignores: "
                    + "what this build does with them is undone."
                    : "This build's callers pass the new arguments to the patch's replacement, which reads them (or returns "
                    + "its value) as the old prototype says.";
        }
    }

    // ---- the functions the patch replaces (§4 class 6) ---------------------------------------------

    /** {@code difference}: where the code first differs, when both builds' code is in the files ({@link CodeComparison}). */
    record PatchedFunctionChanged(String name, long referenceSize, long candidateSize, String reference,
                                  Optional<CodeDifference> difference) implements Finding {
        public PatchedFunctionChanged(String name, long referenceSize, long candidateSize, String reference) {
            this(name, referenceSize, candidateSize, reference, Optional.empty());
        }

        public String check() { return "patched-func-changed"; }
        public Severity severity() { return Severity.RISK; }
        public Optional<CodeDifference> codeDifference() { return difference.filter(CodeDifference::located); }
        public String message() {
            String where = difference.filter(CodeDifference::located).map(d -> ": " + d.describe()).orElse("");
            return referenceSize == candidateSize
                    ? String.format("'%s', which the patch replaces, has different code here than in the %s%s", name, reference, where)
                    : String.format("'%s', which the patch replaces, is %d bytes here, %d in the %s%s", name, candidateSize,
                    referenceSize, reference, where);
        }
        public String why() {
            return "The patch replaces the whole function: a change made in this build since (a fix) is reverted.";
        }
    }

    record AlreadyContainsFix(String name, String newFunction) implements Finding {
        public String check() { return "patched-func-changed"; }
        public Severity severity() { return Severity.INFO; }
        public String message() {
            return String.format("'%s' here has the same code as the patch's %s: this build already contains the fix", name,
                    newFunction);
        }
        public String why() { return "Patching it is harmless; the patch may not be needed for this build."; }
    }

    // ---- after the relocations: hooking the replaced function (issue 16) ------------------------------

    /**
     * {@code klp_patch_func()} (kernel/livepatch/patch.c, 6.1 and 6.12): {@code ftrace_location()} finds no ftrace
     * record within the replaced function, so the kernel cannot redirect it. It fails while enabling, after the
     * relocations were written: {@code klp_enable_patch()} then fails ({@code -EINVAL}), or, for a module that
     * loads after the patch, {@code klp_module_coming()} refuses that module.
     */
    record NotTraceable(String name, String object, boolean vmlinux, String table, String patchName) implements Finding {
        public String check() { return "ftrace-location"; }
        public Severity severity() { return Severity.REFUSED; }
        public String message() {
            return String.format("'%s' has no ftrace location in %s (no %s entry within the function: notrace, or built "
                    + "without the __fentry__ call): the kernel cannot redirect it and %s", name, object, table, vmlinux
                    ? "refuses the patch (failed to enable patch '" + patchName + "')"
                    : "refuses the patch when " + object + " is loaded first, and " + object
                    + " when it loads after the patch");
        }
        public Optional<String> kernelMessage() {
            return Optional.of(String.format("livepatch: failed to find location for function '%s'", name));
        }
        public String why() {
            return "Livepatch redirects a function through its ftrace call site at the entry; a function without one "
                    + "cannot be patched in this build, whatever its code.";
        }
    }

    /** gcc copies of the replaced function ({@code .isra.N}, {@code .constprop.N}, {@code .part.N}) the patch does not replace. */
    record UnreplacedCopies(String name, List<String> copies) implements Finding {
        public UnreplacedCopies {
            copies = List.copyOf(copies);
        }
        public String check() { return "clone-siblings"; }
        public Severity severity() { return Severity.RISK; }
        public String message() {
            return String.format("'%s' has compiler copies here that the patch does not replace: %s; callers of those "
                    + "copies keep running the old code", name, String.join(", ", copies));
        }
        public String why() {
            return "gcc makes specialised copies of a function and calls them directly; the kernel redirects only the entry "
                    + "of the function the patch names. kpatch and klp-build patch each changed copy under its own name.";
        }
    }

    /** Other function names at the replaced function's entry: the same code, redirected with it. */
    record SameAddressAliases(String name, List<String> aliases) implements Finding {
        public SameAddressAliases {
            aliases = List.copyOf(aliases);
        }
        public String check() { return "alias"; }
        public Severity severity() { return Severity.INFO; }
        public String message() {
            return String.format("'%s' shares its entry with %s: calls through %s are redirected too", name,
                    String.join(", ", aliases), aliases.size() == 1 ? "that name" : "those names");
        }
        public String why() {
            return "ftrace hooks the address, not the name: every name at that entry now runs the patch's function, "
                    + "whether or not the patch meant to change it.";
        }
    }

    /**
     * The patch was compiled by another compiler than the candidate: kpatch-build refuses to build in that case
     * ({@code gcc_version_check()}: "gcc/kernel version mismatch"); the kernel loads it.
     */
    record CompilerDiffers(String patchCompiler, String candidateCompiler, String candidateSource) implements Finding {
        public String check() { return "toolchain"; }
        public Severity severity() { return Severity.WARN; }
        public String message() {
            return String.format("the patch was built with %s, this build with %s (its %s)", patchCompiler,
                    candidateCompiler, candidateSource);
        }
        public String why() {
            return "kpatch-build refuses a compiler other than the kernel's (\"gcc/kernel version mismatch\"): another "
                    + "compiler inlines, clones (.isra, .constprop) and lays out code differently, so the functions the "
                    + "patch names, replaces and calls may not be the ones this build has, and a new compiler's "
                    + "mitigation code (retpolines, return thunks, IBT) may not match the kernel's. The kernel checks nothing.";
        }
    }

    /**
     * The replaced function is also an attach point of tools that change where it returns or what it returns: on
     * the candidate's error-injection list ({@code type}: its {@code ERRNO}, {@code NULL}, ...), or a BPF LSM hook
     * ({@code type} empty).
     */
    record TracingClash(String name, String object, Optional<String> type) implements Finding {
        public String check() { return "tracing-clash"; }
        public Severity severity() { return Severity.WARN; }
        public String message() {
            return type.map(t -> String.format("'%s' is on %s's error-injection list (%s): fault injection (fail_function) "
                    + "and BPF programs that override its return (bpf_override_return, fmod_ret) attach to the ftrace site "
                    + "the patch redirects", name, object, t))
                    .orElse(String.format("'%s' is a BPF LSM hook of %s: BPF LSM programs attach to it through a BPF "
                    + "trampoline on the ftrace site the patch redirects", name, object));
        }
        public String why() {
            return type.isPresent()
                    ? "A kprobe override (override_function_with_return()) and the livepatch handler (klp_ftrace_handler()) "
                    + "both set the address the function returns into, and ftrace runs the newest ops first (add_ftrace_ops(), "
                    + "kernel/trace/ftrace.c): an injection armed after the patch is lost without a word, one armed before "
                    + "skips the patched code. An fmod_ret program returns its own value instead of the patched function's."
                    : "Since 6.0 ftrace lets a BPF trampoline (a direct call) share the site with the livepatch (an IPMODIFY "
                    + "ops): __ftrace_hash_update_ipmodify() asks the trampoline to call the patched function as its "
                    + "original (bpf_tramp_ftrace_ops_func(), kernel/bpf/trampoline.c). A program's non-zero return value "
                    + "is returned instead of it: the patch's code runs only where every attached program lets it.";
        }
    }

    /**
     * Every call of the replaced function is in init code ({@code .init.text}, an initcall entry): it runs only while
     * its object initialises, so with the object already running the fix never runs ({@code callers}: who calls it).
     */
    record InitOnlyCallers(String name, String object, List<String> callers, LoadOrder order) implements Finding {
        public InitOnlyCallers {
            callers = List.copyOf(callers);
        }
        public String check() { return "init-only-callers"; }
        public Severity severity() { return Severity.RISK; }
        public String message() {
            return String.format("'%s' is called only from init code in %s (%s): the patched function runs only while %s "
                    + "initialises, so the fix never runs%s", name, object, String.join(", ", callers), object, order.suffix());
        }
        public String why() {
            return "Init code runs once, while the kernel boots or the module loads, and is freed after; livepatch "
                    + "redirects later calls only. A function reached only from there has already done its work with the "
                    + "old code: the fix changes nothing until the next boot or reload (kpatch refuses to patch __init "
                    + "code for the same reason).";
        }
    }

    /**
     * The replaced function may never leave a task's stack, so the patch's transition never finishes: it is a
     * kthread's main function, or it sleeps in a loop ({@code shows}: the calls and references that say so).
     */
    record TransitionStall(String name, String object, List<String> shows, LoadOrder order) implements Finding {
        public TransitionStall {
            shows = List.copyOf(shows);
        }
        public String check() { return "transition-stall"; }
        public Severity severity() { return Severity.RISK; }
        public String message() {
            return String.format("'%s' may never leave a task's stack in %s (%s): a task sleeping in it is never switched "
                    + "and the patch's transition stays pending%s", name, object, String.join("; ", shows), order.suffix());
        }
        public Optional<String> kernelMessage() {
            return Optional.of("livepatch: signaling remaining tasks");
        }
        public String why() {
            return "The consistency model switches a task to the new code only when no replaced function is on its stack "
                    + "(klp_try_switch_task(), kernel/livepatch/transition.c); a kthread looping in the function, or a task "
                    + "sleeping in it until an event, keeps it there. The transition retries every second, wakes the "
                    + "remaining tasks after 15 s and never completes: /sys/kernel/livepatch/<patch>/transition stays 1, the "
                    + "old code keeps running in that task, and no other patch can be loaded until this one is disabled "
                    + "(which then waits on the patch's own copy the same way).";
        }
    }

    // ---- definitions in the patch (§4 class 7) ------------------------------------------------------

    record DuplicateDefinition(String name, TargetKind kind, String candidateType, String exception) implements Finding {
        public String check() { return "dup-definition"; }
        public Severity severity() {
            return kind == TargetKind.VARIABLE && exception.isEmpty() ? Severity.SILENT : Severity.INFO;
        }
        public String message() {
            return kind == TargetKind.VARIABLE
                    ? String.format("the patch defines its own variable '%s' and this build defines one too (%s): state is split%s",
                    name, candidateType, exception.isEmpty() ? "" : "; " + exception)
                    : String.format("the patch carries its own function '%s'; this build has one too (%s)", name, candidateType);
        }
        public String why() {
            return kind == TargetKind.VARIABLE
                    ? "Patched code uses the patch's copy, unpatched code the module's copy: they diverge. " + VARIABLE_STATE
                    : FUNCTION_CARRY + "both copies behave alike if their code matches.";
        }
    }

    // ---- object-level (§4 classes 8-10) -----------------------------------------------------------

    record CrcMismatch(String name, long patchCrc, long candidateCrc, String candidateObject, String patchName) implements Finding {
        public String check() { return "crc-match"; }
        public Severity severity() { return Severity.REFUSED; }
        public String message() {
            return String.format("the patch was built against %s with CRC 0x%08x; %s exports it with CRC 0x%08x",
                    name, patchCrc, candidateObject, candidateCrc);
        }
        public Optional<String> kernelMessage() {
            return Optional.of(String.format("%s: disagrees about version of symbol %s", patchName, name));
        }
        public String why() { return "MODVERSIONS checks ordinary imports: the patch module itself fails to load."; }
    }

    /**
     * An ordinary import of the patch that the candidate does not export ({@code simplify_symbols()} /
     * {@code resolve_symbol()}, kernel/module/main.c): the loader refuses the patch before livepatch sees it.
     */
    record ImportNotExported(String name, String object, String patchName) implements Finding {
        public String check() { return "import-export"; }
        public Severity severity() { return Severity.REFUSED; }
        public String message() {
            return String.format("the patch imports '%s' through an ordinary relocation, and %s does not export it: "
                    + "the loader refuses the patch", name, object);
        }
        public Optional<String> kernelMessage() {
            return Optional.of(String.format("%s: Unknown symbol %s (err -2)", patchName, name));
        }
        public String why() {
            return "Ordinary imports link only against what vmlinux and loaded modules export (__ksymtab, __ksymtab_gpl); "
                    + "an export dropped or renamed in this build refuses the patch module itself.";
        }
    }

    /** A weak import no build exports: {@code simplify_symbols()} accepts it and leaves it 0. */
    record WeakImportUnexported(String name, String object) implements Finding {
        public String check() { return "import-export"; }
        public Severity severity() { return Severity.INFO; }
        public String message() {
            return String.format("the patch's weak import '%s' is not exported by %s: the loader accepts it and leaves "
                    + "its address 0", name, object);
        }
        public String why() { return "Code that calls or reads it without testing for 0 faults."; }
    }

    /**
     * A GPL-only export imported by a patch whose {@code license=} is not GPL-compatible: {@code set_license()} taints
     * it {@code TAINT_PROPRIETARY_MODULE}, and {@code find_symbol()} then skips GPL-only exports.
     */
    record ImportGplOnly(String name, String object, String license, String patchName) implements Finding {
        public String check() { return "import-gpl"; }
        public Severity severity() { return Severity.REFUSED; }
        public String message() {
            return String.format("'%s' is exported GPL-only by %s and the patch's license is '%s', not GPL-compatible: "
                    + "the loader does not find it for the patch and refuses the patch", name, object, license);
        }
        public Optional<String> kernelMessage() {
            return Optional.of(String.format("%s: Unknown symbol %s (err -2)", patchName, name));
        }
        public String why() {
            return "A module whose license is not GPL-compatible sees only the plain exports (license_is_gpl_compatible(), "
                    + "include/linux/license.h); every livepatch needs GPL-only klp_enable_patch.";
        }
    }

    /**
     * An import the candidate exports in a symbol namespace ({@code EXPORT_SYMBOL_NS*}) that the patch's
     * {@code .modinfo} does not import ({@code import_ns=}): {@code verify_namespace_is_imported()},
     * kernel/module/main.c (6.1, 6.12), refuses it with -EINVAL unless the kernel is built with
     * {@code CONFIG_MODULE_ALLOW_MISSING_NAMESPACE_IMPORTS} (Debian's 6.1 and 6.12 are not).
     */
    record ImportNamespace(String name, String namespace, String object, String patchName) implements Finding {
        public String check() { return "import-namespace"; }
        public Severity severity() { return Severity.REFUSED; }
        public String message() {
            return String.format("%s exports '%s' in namespace %s, and the patch has no import_ns=%s: the loader "
                    + "refuses the patch", object, name, namespace, namespace);
        }
        public Optional<String> kernelMessage() {
            return Optional.of(String.format("%s: module uses symbol (%s) from namespace %s, but does not import it.",
                    patchName, name, namespace));
        }
        public String why() {
            return "resolve_symbol() fails the import with -EINVAL (then \"Unknown symbol ... (err -22)\"); the patch needs "
                    + "MODULE_IMPORT_NS(" + namespace + ") in its source.";
        }
    }

    /** An ordinary import from an object the patch itself patches: the patch depends on its target. */
    record ImportFromPatchedObject(String name, String object, String patchName) implements Finding {
        public String check() { return "import-from-target"; }
        public Severity severity() { return Severity.REFUSED; }
        public LoadOrder order() { return LoadOrder.PATCH_FIRST; }
        public String message() {
            return String.format("the patch imports '%s' from %s through an ordinary relocation, so it depends on %s: it is refused "
                    + "when the patch loads before the target (insmod); modprobe loads %s first", name, object, object, object);
        }
        public Optional<String> kernelMessage() {
            return Optional.of(String.format("%s: Unknown symbol %s (err -2)", patchName, name));
        }
        public String why() {
            return "A livepatch must not depend on a module it patches: it cannot then be loaded before that module. "
                    + "kpatch and klp-build turn such references into klp relocations.";
        }
    }

    record UnversionedExport(String name, String object) implements Finding {
        public String check() { return "crc-match"; }
        public Severity severity() { return Severity.INFO; }
        public String message() {
            return String.format("'%s' is exported by %s but reached through a klp relocation, which is never CRC-checked", name, object);
        }
        public String why() { return "An unversioned dependency: a changed prototype would not be caught by the kernel."; }
    }

    record VermagicMismatch(String patchVermagic, String candidateVermagic, boolean releaseIgnored, String patchName)
            implements Finding {
        public String check() { return "vermagic"; }
        public Severity severity() { return Severity.REFUSED; }
        public String message() {
            return String.format("vermagic differs%s: patch '%s', candidate '%s'",
                    releaseIgnored ? " after the kernel release (ignored with modversions)" : "", patchVermagic, candidateVermagic);
        }
        public Optional<String> kernelMessage() {
            // The candidate is taken to be the running kernel's (as this-module-size does): the patch is what it refuses.
            return Optional.of(String.format("%s: version magic '%s' should be '%s'", patchName, patchVermagic, candidateVermagic));
        }
        public String why() { return "Modules and patches built for another kernel configuration are refused at load."; }
    }

    /**
     * {@code check_modstruct_version()} (kernel/module/version.c): before {@code vermagic} and before any
     * imported symbol, the loader checks the patch's {@code __versions} CRC of {@code module_layout} against the
     * running kernel's. {@code source} says where the kernel's CRC was read (the vmlinux's {@code __kcrctab}, or
     * the {@code __versions} of a module built for that kernel).
     */
    record ModuleLayoutMismatch(long patchCrc, long kernelCrc, String source, String patchName) implements Finding {
        public String check() { return "module-layout"; }
        public Severity severity() { return Severity.REFUSED; }
        public String message() {
            return String.format("the patch was built for a kernel whose module_layout CRC is 0x%08x; %s says 0x%08x: "
                    + "the loader refuses the patch first, before vermagic and every other symbol version", patchCrc, source, kernelCrc);
        }
        public Optional<String> kernelMessage() {
            return Optional.of(String.format("%s: disagrees about version of symbol module_layout", patchName));
        }
        public String why() {
            return "module_layout's CRC stands for the layout of struct module and the loader's own structures: a patch "
                    + "built against another kernel's headers is refused (-ENOEXEC) before anything else is looked at.";
        }
    }

    /**
     * Several candidates agree equally with the patch: which build it was made from cannot be told from the files.
     * Where the tied builds bind a reference to different symbols ({@code rebound}), at least one of them binds
     * something else than the patch was built against: {@code silent}, whichever is taken. Where a type check's verdict
     * depends on which of them is the baseline ({@code types}: a variable laid out differently, the patch having no
     * layout of its own to compare with; a function's prototype changed), at least one of them is hit: as that check
     * says. Where only a replaced function differs between them ({@code changed}), at least one has it changed:
     * {@code risk}. Else {@code warn}.
     */
    record BaselineAmbiguous(String object, String chosen, List<String> tied, String evidence, List<String> rebound,
                             List<String> changed, List<TypeStake> types) implements Finding {
        public BaselineAmbiguous {
            tied = List.copyOf(tied);
            rebound = List.copyOf(rebound);
            changed = List.copyOf(changed);
            types = List.copyOf(types);
        }

        /**
         * A type check ({@code var-layout}, {@code func-prototype}) whose verdict on {@code target} ({@code name,sympos})
         * depends on which tied build is the baseline: {@code difference} says what differs between them, {@code severity}
         * is that check's with the wrong one.
         */
        public record TypeStake(String check, String target, String difference, Severity severity) {
        }

        public String check() { return "baseline"; }
        public Severity severity() {
            Severity worst = !rebound.isEmpty() ? Severity.SILENT : !changed.isEmpty() ? Severity.RISK : Severity.WARN;
            for (TypeStake t : types) {
                worst = t.severity().compareTo(worst) < 0 ? t.severity() : worst;
            }
            return worst;
        }
        public String message() {
            List<String> clauses = new ArrayList<>();
            if (!rebound.isEmpty()) {
                clauses.add(String.format("they bind %s to different symbols", String.join(", ", rebound)));
            }
            types.forEach(t -> clauses.add(t.difference()));
            if (!changed.isEmpty()) {
                clauses.add(String.format("%s differs between them", String.join(", ", changed)));
            }
            String stakes = clauses.isEmpty()
                    ? "every target binds alike in them and no check's verdict depends on which is taken"
                    : String.join(", and ", clauses) + (severity() == Severity.SILENT
                    ? ", so at least one of them is a silent break" : ", so at least one has it changed since the patch was built")
                    + (types.isEmpty() ? "" : ": " + types.stream().map(t -> t.check() + " on " + t.target()).distinct()
                    .collect(Collectors.joining(", ")) + " depend" + (types.size() == 1 ? "s" : "")
                    + " on the choice");
            return String.format("the baseline of %s is ambiguous: %d candidates agree equally with the patch (%s): %s; %s; "
                    + "%s was taken (lowest build id, then path); give --baseline", object, tied.size(), evidence,
                    String.join(", ", tied), stakes, chosen);
        }
        public String why() {
            return "Identity, size, changed-function, layout and prototype checks compare every candidate with the baseline: "
                    + "with the wrong one they can call the right build changed and miss a change in the other.";
        }
    }

    record MachineDiffers(String patchMachine, String candidateMachine) implements Finding {
        public String check() { return "machine-match"; }
        public Severity severity() { return Severity.REFUSED; }
        public String message() {
            return String.format("the candidate is built for %s, the patch for %s: they never run on one kernel",
                    candidateMachine, patchMachine);
        }
        public String why() { return "A module for another architecture is refused by the loader (invalid module format)."; }
    }

    record KernelReleaseDiffers(String patchRelease, String candidateRelease) implements Finding {
        public String check() { return "vermagic"; }
        public Severity severity() { return Severity.WARN; }
        public String message() {
            return String.format("built for kernel %s, the patch for %s: same_magic() ignores the release with modversions, "
                    + "but the two load into one kernel only if every imported symbol's CRC matches it", candidateRelease, patchRelease);
        }
        public String why() {
            return "A module from another kernel build is usually refused for its own imports (disagrees about version of symbol).";
        }
    }

    /**
     * The patch's {@code struct module} (its {@code .gnu.linkonce.this_module}) is not the size of the candidate's,
     * which modpost made for the kernel the candidate runs on. From 6.12 the loader refuses such a module early; 6.1
     * loads it and reads its fields at the kernel's own offsets.
     */
    record StructModuleSizeDiffers(long patchSize, long candidateSize, String candidateRelease, boolean checkedByLoader,
                                   String patchName) implements Finding {
        public String check() { return "this-module-size"; }
        public Severity severity() { return checkedByLoader ? Severity.REFUSED : Severity.SILENT; }
        public String message() {
            return String.format("the patch's struct module (.gnu.linkonce.this_module) is %d bytes, the candidate's %d: "
                    + "the patch was built against another kernel's headers than %s's%s", patchSize, candidateSize,
                    candidateRelease.isEmpty() ? "the candidate" : candidateRelease, checkedByLoader
                            ? "; the loader refuses it before anything else (invalid module format, since 6.12)"
                            : "; the loader does not compare sizes before 6.12 and reads the patch's init, exit and other "
                            + "fields at its own offsets");
        }
        public Optional<String> kernelMessage() {
            return checkedByLoader ? Optional.of("module " + patchName + ": .gnu.linkonce.this_module section size must "
                    + "match the kernel's built struct module size at run time") : Optional.empty();
        }
        public String why() {
            return "struct module changes with every kernel series and configuration; a module built for another one "
                    + "cannot be loaded safely, whatever its vermagic says under modversions.";
        }
    }

    /** A vmlinux without {@code klp_enable_patch}: a kernel built without CONFIG_LIVEPATCH (Debian's ppc64el). */
    record LivepatchDisabled(String patchName) implements Finding {
        public String check() { return "livepatch-support"; }
        public Severity severity() { return Severity.REFUSED; }
        public String message() {
            return "this kernel has no klp_enable_patch: it is built without CONFIG_LIVEPATCH, and its loader refuses "
                    + "every livepatch (invalid module format)";
        }
        public Optional<String> kernelMessage() {
            return Optional.of(patchName + ": module is marked as livepatch module, but livepatch support is disabled");
        }
        public String why() {
            return "Some distributions leave livepatch out of some architectures' kernels (Debian's ppc64el: "
                    + "KALLSYMS_ALL is off, so LIVEPATCH cannot be on).";
        }
    }

    // ---- the patch's signature against the keys built into the kernel (issue 16) -----------------------

    /** A signer of the patch is a key built into the kernel ({@code pkcs7_validate_trust}): trusted, no taint. */
    record SignatureTrusted(String key, String keysFrom) implements Finding {
        public String check() { return "signature-trust"; }
        public Severity severity() { return Severity.OK; }
        public String message() {
            return String.format("signed by '%s', a key built into %s: the kernel finds the signer's key "
                    + "(klpscope does not verify the signature's bytes)", key, keysFrom);
        }
        public String why() {
            return "A patch signed by a key the kernel holds loads where signatures are enforced and does not taint it.";
        }
    }

    /**
     * {@code module_sig_check()} (kernel/module/signing.c, the same in 6.1 and 6.12): the signature cannot be checked
     * for one of the reasons that are not fatal by themselves ({@code reason}: "unsigned module" -ENODATA, "module
     * with unsupported crypto" -ENOPKG, "module with unavailable key" -ENOKEY). Enforced ({@code module.sig_enforce=1}
     * or {@code CONFIG_MODULE_SIG_FORCE}): -EKEYREJECTED; under lockdown: -EPERM; else the module loads and taints the
     * kernel ({@code load_module()}, {@code pr_notice_once}: printed for the first such module of a boot only).
     */
    record SignatureUntrusted(String reason, String detail, SignatureEnforcement enforcement, String keysFrom,
                              String patchName) implements Finding {
        public String check() { return "signature-trust"; }
        public Severity severity() { return enforcement.enforced() ? Severity.REFUSED : Severity.INFO; }
        public String message() {
            return String.format("%s: %s; %s", reason, detail, switch (enforcement) {
                case NONE -> "the kernel loads it and taints itself (E), as it does not enforce signatures";
                case SIG_ENFORCE -> "the kernel refuses it: signatures are enforced (module.sig_enforce=1)";
                case BUILT_FORCED -> "the kernel refuses it: " + keysFrom + " enforces signatures (CONFIG_MODULE_SIG_FORCE)";
                case LOCKDOWN -> "the kernel refuses it under lockdown (lockdown=integrity, Secure Boot)";
            });
        }
        public Optional<String> kernelMessage() {
            return Optional.of(switch (enforcement) {
                case NONE -> patchName + ": module verification failed: signature and/or required key missing - tainting kernel";
                case SIG_ENFORCE, BUILT_FORCED -> "Loading of " + reason + " is rejected";
                // security/lockdown/lockdown.c names the loading process (current->comm): insmod, as kpatch load uses
                case LOCKDOWN -> "Lockdown: insmod: unsigned module loading is restricted; see man kernel_lockdown.7";
            });
        }
        public String why() {
            return enforcement.enforced()
                    ? "The kernel only loads modules signed by a key it holds here: built in, or enrolled on the machine "
                    + "(MOK, UEFI db); klpscope knows the built-in ones."
                    : "Unsigned or unknown-signer modules taint the kernel (E); where signatures are enforced (Secure Boot, "
                    + "module.sig_enforce=1) the same patch is refused.";
        }
    }

    /** The signature is there but klpscope cannot read its signers. */
    record SignatureNotJudged(String problem) implements Finding {
        public String check() { return "signature-trust"; }
        public Severity severity() { return Severity.WARN; }
        public String message() { return "the patch's signature was not judged: " + problem; }
        public String why() {
            return "A PKCS#7 message the kernel cannot parse is refused (-EBADMSG) even where signatures are not enforced.";
        }
    }

    record SrcversionDiffers(String baseline, String candidate) implements Finding {
        public String check() { return "srcversion"; }
        public Severity severity() { return Severity.WARN; }
        public String message() { return String.format("srcversion %s differs from the baseline's %s: built from other sources", candidate, baseline); }
        public String why() { return "Livepatch has no srcversion whitelist: only the checks here tell whether it still fits."; }
    }

    record BuildIdDiffers(String baseline, String candidate) implements Finding {
        public String check() { return "build-id"; }
        public Severity severity() { return Severity.INFO; }
        public String message() { return String.format("build id %s differs from the baseline's %s", shorten(candidate), shorten(baseline)); }
        public String why() { return "A different binary: every other check here says whether that matters."; }

        private static String shorten(String id) {
            return id.length() > 12 ? id.substring(0, 12) + "…" : id;
        }
    }

    /** A candidate the patch never patches; {@code thePatch}: it is the livepatch itself, given as its own candidate. */
    record NotPatched(String object, String patchObjects, boolean thePatch) implements Finding {
        public String check() { return "objname-match"; }
        public Severity severity() { return Severity.WARN; }
        public String message() {
            return thePatch
                    ? String.format("this candidate is the livepatch itself (module %s), not a build of an object it patches "
                    + "(its objects: %s): it is never patched", object, patchObjects)
                    : String.format("the patch has no object named '%s' (its objects: %s): this candidate is never patched",
                    object, patchObjects);
        }
        public String why() { return "Objects are matched by runtime name (.modinfo name=, dashes as underscores), never by file name."; }
    }

    /**
     * An object of the patch that no candidate is a build of: its {@code targets} are listed, never checked.
     * {@code required} ({@code --require-all-objects}): a gate that must check every object refuses the run.
     */
    record NoCandidate(String object, int targets, boolean required) implements Finding {
        public String check() { return "objname-match"; }
        public Severity severity() { return required ? Severity.REFUSED : Severity.INFO; }
        public String message() {
            return String.format("no candidate was given for object '%s': %d %s not checked%s", object, targets,
                    targets == 1 ? "target is" : "targets are", required ? " (--require-all-objects)" : "");
        }
        public String why() {
            return "Only a build of the object itself can tell whether the patch resolves and fits there; a candidate of "
                    + "another object, or the patch itself, checks nothing in this one.";
        }
    }

    // ---- what a candidate's source cannot judge -----------------------------------------------------

    /**
     * A check not made because the candidate (or its baseline) is a vmlinux known only from its System.map
     * ({@code module.SymbolSource}): said as {@code info} under that check's id instead of a silent {@code ok}.
     *
     * @param check  the id of the check not made
     * @param name   the target, or {@code vmlinux} for a check of the candidate as a whole
     * @param lacks  what the source lacks ("System.map has no sizes, sections, code, ...")
     */
    record NotJudged(String check, String name, String lacks) implements Finding {
        public Severity severity() { return Severity.INFO; }
        public String message() {
            return String.format("%s not judged for '%s': %s", check, name, lacks);
        }
        public String why() {
            return "A vmlinux with symbols (Debian's -dbg package, a build's vmlinux) judges it; the System.map only "
                    + "tells whether and where the kernel finds the symbol.";
        }
    }

    /** The candidate's vmlinux is a System.map (with or without Module.symvers): what it could not judge. */
    record SymbolsOnly(String source, List<String> checks, String lacks) implements Finding {
        public String check() { return "vmlinux-source"; }
        public Severity severity() { return Severity.INFO; }
        public String message() {
            return String.format("vmlinux from %s: not judged: %s (%s)", source, String.join(", ", checks), lacks);
        }
        public String why() {
            return "Symbol presence and sympos are judged exactly (the map is in kallsyms order); what needs sizes, "
                    + "code or types needs the vmlinux with symbols.";
        }
    }

    // ---- the patch file itself -------------------------------------------------------------------

    record PatchFileProblem(String check, Severity severity, String message, Optional<String> kernelMessage, String why)
            implements Finding {
    }
}
