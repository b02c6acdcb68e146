package dev.klpscope.check;

/** The version printed in every report: the jar manifest's, or {@code dev} when run from classes. */
public final class ToolVersion {

    public static final String NAME = "klpscope";

    private ToolVersion() {
    }

    public static String version() {
        String v = ToolVersion.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-dev";
    }
}
