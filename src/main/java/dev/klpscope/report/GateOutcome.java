package dev.klpscope.report;

/**
 * What the command line's gate decided for this run, for reports that state it (JSON {@code summary.failOn} and
 * {@code summary.failed}): the {@code --fail-on} word ({@code crash} ... {@code info}, {@code never}) and whether
 * the inspection reached it (exit status 1). A report rendered without a gate (the window's exports) omits both.
 */
public record GateOutcome(String failOn, boolean failed) {
}
