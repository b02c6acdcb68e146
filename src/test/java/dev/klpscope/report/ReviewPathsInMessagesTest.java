package dev.klpscope.report;

import dev.klpscope.SampleFiles;
import dev.klpscope.load.Loading;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A path inside a finding's words is named relative to the patch's folder like every other path of the review image,
 * also when a clause mark follows its closing parenthesis: samples/broken/klp-reloc-offset.ko (seed_lp1, broken)
 * against seed's v1 and v2, whose tie makes v2 the baseline, and v1's {@code patched-func-changed} says
 * "in the baseline (PATH): first difference".
 */
class ReviewPathsInMessagesTest {

    @Test
    void aPathBetweenParenthesesBeforeAColonIsRelativeToThePatchsFolder() {
        Path v2 = SampleFiles.path("seed/v2/foo.ko");
        List<ReviewSheet.Line> sheet = ReviewSheet.of(Loading.inspect(SampleFiles.path("broken/klp-reloc-offset.ko"),
                List.of(SampleFiles.path("seed/v1/foo.ko"), v2), List.of()));
        String all = String.join("\n", sheet.stream().map(ReviewSheet.Line::text).toList());
        assertTrue(all.contains("in the baseline (../seed/v2/foo.ko): first difference"), all);
        assertFalse(all.contains(v2.toString()), "the path as given, " + v2 + ", left in\n" + all);
    }
}
