package dev.klpscope.lint;

import dev.klpscope.livepatch.Livepatch;
import dev.klpscope.livepatch.lint.PatchProblem;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Assertions the lint tests share. */
final class LintAssertions {

    private LintAssertions() {
    }

    /** The one problem with this check id; fails when there is none or more than one. */
    static PatchProblem only(Livepatch lp, String code) {
        List<PatchProblem> found = lp.problems().stream().filter(p -> p.code().equals(code)).toList();
        assertEquals(1, found.size(), code + " in " + lp.problems());
        return found.get(0);
    }
}
