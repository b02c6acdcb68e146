package dev.klpscope.check;

import dev.klpscope.elf.Symbol;
import dev.klpscope.module.KernelObject;
import dev.klpscope.module.ResolutionView;
import dev.klpscope.module.SymbolBytes;
import dev.klpscope.module.code.Provenance;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Whether position N of a same-named static is the same entity in a candidate as in the baseline (check
 * {@code sympos-identity}). The baseline's copy is looked for among the candidate's copies by compilation unit
 * ({@code STT_FILE}, then the unit's other locals when two units share a file name), then by neighbours in the
 * section, then by code compared by meaning ({@link CodeComparison}). Found at the same position: the same
 * static, changed or not; found elsewhere or not at all while position N comes from another unit: another
 * unit's copy, which the kernel binds to without a word ({@code klp_find_object_symbol()} counts by name only).
 */
public sealed interface StaticIdentity {

    /** Position N is the baseline's static, with the same meaning. */
    record SameUnitUnchanged(String unit) implements StaticIdentity {
    }

    /** Position N is the baseline's static, changed (its code or bytes differ). */
    record SameUnitChanged(String unit, Optional<CodeDifference> difference) implements StaticIdentity {
    }

    /** Position N is another unit's copy; the baseline's copy is at {@code baselineCopyAt} here (0: gone). */
    record OtherUnit(String baselineUnit, String candidateUnit, int baselineCopyAt) implements StaticIdentity {
    }

    /** Nothing to judge: the name is unique on both sides, or the position is missing on one. */
    record NotComparable(String reason) implements StaticIdentity {
    }

    /** Resolves {@code name,sympos} in both objects as the kernel does (target loaded) and judges the pair. */
    static StaticIdentity judge(KernelObject baseline, KernelObject candidate, String name, long sympos) {
        List<Symbol> b = baseline.symbols().named(name, ResolutionView.TARGET_LOADED);
        List<Symbol> c = candidate.symbols().named(name, ResolutionView.TARGET_LOADED);
        long pos = sympos == 0 && b.size() == 1 && c.size() == 1 ? 1 : sympos;
        if (pos < 1 || pos > b.size() || pos > c.size()) {
            return new NotComparable("position " + sympos + " of '" + name + "' is not in both objects");
        }
        return judge(baseline, b.get((int) pos - 1), candidate, c.get((int) pos - 1));
    }

    /** Judges the candidate's symbol bound at a position against the baseline's at that position. */
    static StaticIdentity judge(KernelObject baseline, Symbol wanted, KernelObject candidate, Symbol bound) {
        String name = wanted.name();
        List<Symbol> copies = candidate.symbols().named(name, ResolutionView.TARGET_LOADED);
        if (copies.size() <= 1 && baseline.symbols().named(name, ResolutionView.TARGET_LOADED).size() <= 1) {
            return sameUnit(baseline, wanted, candidate, bound);
        }
        Evidence want = Evidence.of(baseline, wanted);
        Evidence got = Evidence.of(candidate, bound);
        int best = -1;
        Score bestScore = null;
        boolean tie = false;
        for (int i = 0; i < copies.size(); i++) {
            Symbol s = copies.get(i);
            boolean isBound = s.index() == bound.index();
            Evidence e = isBound ? got : Evidence.of(candidate, s);
            if (want.otherUnit(e)) {
                continue;
            }
            Score score = new Score(want.unitScore(e), want.neighbours(e), sameMeaning(baseline, wanted, candidate, s) ? 1 : 0);
            int c = bestScore == null ? 1 : score.compareTo(bestScore);
            if (c > 0) {
                bestScore = score;
                best = i;
                tie = false;
            } else if (c == 0) {
                if (isBound) {
                    best = i; // the position the kernel binds wins a tie
                }
                tie = !isBound || tie;
            }
        }
        if (best >= 0 && (copies.get(best).index() == bound.index() || bestScore.none())) {
            return sameUnit(baseline, wanted, candidate, bound); // no better copy: position N is still the baseline's static
        }
        if (best < 0 && want.unit().isEmpty()) {
            return sameUnit(baseline, wanted, candidate, bound);
        }
        return new OtherUnit(want.describeAgainst(got), got.describeAgainst(want), best < 0 || tie ? 0 : best + 1);
    }

    private static StaticIdentity sameUnit(KernelObject baseline, Symbol wanted, KernelObject candidate, Symbol bound) {
        String unit = Provenance.unit(candidate, bound).or(() -> Provenance.unit(baseline, wanted)).orElse("");
        Optional<CodeDifference> d = difference(baseline, wanted, candidate, bound);
        boolean changed = d.isPresent() || wanted.type() != bound.type() || wanted.size() != bound.size()
                || !wanted.isFunction() && differentBytes(baseline, wanted, candidate, bound);
        return changed ? new SameUnitChanged(unit, d) : new SameUnitUnchanged(unit);
    }

    private static Optional<CodeDifference> difference(KernelObject a, Symbol fa, KernelObject b, Symbol fb) {
        if (fa.isFunction() && fb.isFunction()) {
            return CodeComparison.compare(a, fa, b, fb);
        }
        return Optional.empty();
    }

    /** Equal by code meaning (functions) or by type, size and masked bytes; false when either has no bytes in the file. */
    private static boolean sameMeaning(KernelObject a, Symbol fa, KernelObject b, Symbol fb) {
        if (CodeComparison.comparable(a, fa) && CodeComparison.comparable(b, fb)) {
            return CodeComparison.compare(a, fa, b, fb).isEmpty();
        }
        if (fa.isFunction() || fb.isFunction() || fa.type() != fb.type() || fa.size() != fb.size()) {
            return false;
        }
        Optional<String> da = SymbolBytes.maskedDigest(a, fa);
        return da.isPresent() && da.equals(SymbolBytes.maskedDigest(b, fb));
    }

    /** Both have their bytes in the file, and they differ (relocated fields masked). */
    private static boolean differentBytes(KernelObject a, Symbol fa, KernelObject b, Symbol fb) {
        Optional<String> da = SymbolBytes.maskedDigest(a, fa);
        Optional<String> db = SymbolBytes.maskedDigest(b, fb);
        return da.isPresent() && db.isPresent() && !da.equals(db);
    }

    /** Evidence that a candidate copy is the baseline's, compared unit first, then neighbours, then code. */
    record Score(double unit, int neighbours, int code) implements Comparable<Score> {
        boolean none() {
            return unit == 0 && neighbours == 0 && code == 0;
        }

        @Override
        public int compareTo(Score o) {
            int c = Double.compare(unit, o.unit);
            if (c == 0) {
                c = Integer.compare(neighbours, o.neighbours);
            }
            return c != 0 ? c : Integer.compare(code, o.code);
        }
    }

    /** What is known of where a symbol comes from. */
    record Evidence(Optional<String> unit, Set<String> unitLocals, List<String> neighbours) {
        static Evidence of(KernelObject o, Symbol s) {
            return new Evidence(Provenance.unit(o, s), Provenance.unitLocals(o, s), Provenance.neighbours(o, s));
        }

        /** Both units are known and differ. */
        boolean otherUnit(Evidence other) {
            return unit.isPresent() && other.unit.isPresent() && !unit.get().equals(other.unit.get());
        }

        /**
         * 0 when either unit is unknown; else 1 for the same file name plus how many of the unit's other locals
         * both have (0 to 1), which tells two units of one file name apart ({@code core.c}).
         */
        double unitScore(Evidence other) {
            return unit.isPresent() && other.unit.isPresent() ? 1 + jaccard(unitLocals, other.unitLocals) : 0;
        }

        /** How many of the two neighbours are the same. */
        int neighbours(Evidence other) {
            int n = 0;
            for (int i = 0; i < 2; i++) {
                n += Objects.equals(neighbours.get(i), other.neighbours.get(i)) ? 1 : 0;
            }
            return n;
        }

        /**
         * Names this copy by what tells it apart from {@code other}, so that the two never read alike: its unit when
         * the units differ, else (a unit of the same file name, or none known) its neighbours when those differ, else
         * its code, which is then what told them apart.
         */
        String describeAgainst(Evidence other) {
            if (otherUnit(other)) {
                return "the copy from " + unit.get();
            }
            String copy = unit.map(u -> "the copy from " + u).orElse("the copy");
            if (!neighbours.equals(other.neighbours)) {
                return copy + " between " + neighbours.get(0) + " and " + neighbours.get(1);
            }
            return copy + " between " + neighbours.get(0) + " and " + neighbours.get(1) + " with other code";
        }

        private static double jaccard(Set<String> a, Set<String> b) {
            if (a.isEmpty() && b.isEmpty()) {
                return 1;
            }
            Set<String> both = new HashSet<>(a);
            both.retainAll(b);
            Set<String> any = new HashSet<>(a);
            any.addAll(b);
            return (double) both.size() / any.size();
        }
    }
}
