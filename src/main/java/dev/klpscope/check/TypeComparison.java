package dev.klpscope.check;

import dev.klpscope.module.types.LayoutChange;
import dev.klpscope.module.types.TypeLayout;

import java.util.List;

/**
 * What a type check compared, kept whole so that the window can draw both sides next to each other and the reports
 * can list the members that changed: the side the patch's code was compiled against ({@code reference}) and this
 * candidate's. Carried by {@code var-layout} and {@code func-prototype} findings ({@link Finding#typeComparison()}).
 */
public sealed interface TypeComparison {

    /** Whose side the left one is, as the finding says it ("the baseline the patch was built against", ...). */
    String reference();

    /**
     * {@code var-layout}: the variable's type as the reference lays it out and as this candidate does, and what
     * changed from one to the other ({@code module.types.LayoutDiff}, in its order).
     */
    record LayoutPair(String reference, TypeLayout before, TypeLayout after, List<LayoutChange> changes)
            implements TypeComparison {
        public LayoutPair {
            changes = List.copyOf(changes);
        }
    }

    /** {@code func-prototype}: the prototypes as written ({@code int (struct foo *f, int n)}), reference first. */
    record PrototypePair(String reference, String before, String after) implements TypeComparison {
    }
}
