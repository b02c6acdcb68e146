package dev.klpscope.report;

import dev.klpscope.load.Loading;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Prints the review sheet's lines ({@code style, badge, text}, tab-separated) for a patch and candidates named
 * relative to the working directory: run in a child JVM from a sample's folder, so that paths are given as a user
 * in that folder types them ({@code ReviewSheetTest}).
 */
public final class ReviewSheetLines {

    private ReviewSheetLines() {
    }

    public static void main(String[] args) {
        List<Path> candidates = Arrays.stream(args).skip(1).map(Path::of).toList();
        for (ReviewSheet.Line l : ReviewSheet.of(Loading.inspect(Path.of(args[0]), candidates, List.of()))) {
            System.out.println(l.style() + "\t" + l.badge().map(Enum::name).orElse("-") + "\t" + l.text());
        }
    }
}
