package dev.klpscope.livepatch;

import dev.klpscope.elf.Symbol;
import dev.klpscope.module.code.PlacedInstruction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Finds the patch's calls to the shadow-variable API through the relocations of its code, and on x86-64 the id
 * argument: {@code %rsi} for {@code klp_shadow_get/alloc/get_or_alloc/free(obj, id, …)}, {@code %rdi} for
 * {@code klp_shadow_free_all(id, dtor)} (include/linux/livepatch.h; System V argument order).
 */
final class ShadowUses {

    private static final Map<String, Integer> ID_REGISTER = Map.of(
            "klp_shadow_get", X86Effects.RSI,
            "klp_shadow_alloc", X86Effects.RSI,
            "klp_shadow_get_or_alloc", X86Effects.RSI,
            "klp_shadow_free", X86Effects.RSI,
            "klp_shadow_free_all", X86Effects.RDI);

    private ShadowUses() {
    }

    static List<ShadowUse> find(ModuleCode code) {
        List<ShadowUse> out = new ArrayList<>();
        for (ModuleCode.CodeRelocation cr : code.relocations()) {
            Symbol target = cr.symbol();
            Integer register = ID_REGISTER.get(target.name());
            if (register == null || !target.isUndefined()) {
                continue;
            }
            long site = cr.relocation().offset();
            String section = code.section(cr.section()).name();
            Optional<Symbol> function = code.function(cr.section(), site);
            String caller = function.map(Symbol::name).orElse("");
            if (!code.decodable()) {
                out.add(new ShadowUse(target.name(), caller, section, site, OptionalLong.empty(),
                        "id not decoded on " + code.machineName()));
                continue;
            }
            out.add(use(code, cr.section(), section, site, target.name(), function, register));
        }
        return out;
    }

    private static ShadowUse use(ModuleCode code, int sectionIndex, String section, long site, String call,
                                 Optional<Symbol> function, int register) {
        String caller = function.map(Symbol::name).orElse("");
        Optional<List<PlacedInstruction>> insns = function.flatMap(code::instructions);
        if (insns.isEmpty()) {
            return new ShadowUse(call, caller, section, site, OptionalLong.empty(), "id not decoded: the caller's code was not decoded");
        }
        List<PlacedInstruction> list = insns.get();
        for (int k = 0; k < list.size(); k++) {
            PlacedInstruction i = list.get(k);
            if ((i.insn().isCall() || i.insn().isJump()) && i.immAt() == site) {
                RegisterValues.Value v = RegisterValues.at(code, sectionIndex, list, k, register);
                return new ShadowUse(call, caller, section, i.offset(), v.constant(), v.why());
            }
        }
        return new ShadowUse(call, caller, section, site, OptionalLong.empty(), "id not decoded: the call is not a direct call");
    }
}
