package dev.klpscope.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jar's entry point ({@code dev.klpscope.Main}) run in a child JVM, headless and without a display, its
 * standard streams pipes: what a CI job sees. Killed when it outlives the timeout.
 */
record ChildJvm(int exit, String out, String err, byte[] outBytes) {

    static final long TIMEOUT_SECONDS = 60;

    static ChildJvm run(byte[] stdin, String... args) throws IOException, InterruptedException {
        return runIn(null, stdin, args);
    }

    /** Run with {@code workingDir} as its working directory ({@code null}: this JVM's). */
    static ChildJvm runIn(Path workingDir, byte[] stdin, String... args) throws IOException, InterruptedException {
        return start(workingDir, stdin, true, null, args);
    }

    /**
     * Run not headless, with {@code DISPLAY} set to {@code display} ({@code null}: unset): a desktop session whose
     * display is missing or names no server.
     */
    static ChildJvm runWithDisplay(String display, String... args) throws IOException, InterruptedException {
        return start(null, new byte[0], false, display, args);
    }

    private static ChildJvm start(Path workingDir, byte[] stdin, boolean headless, String display, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (headless) {
            command.add("-Djava.awt.headless=true");
        }
        command.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.klpscope.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        if (workingDir != null) {
            pb.directory(workingDir.toFile());
        }
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
        if (display != null) {
            pb.environment().put("DISPLAY", display);
        }
        Process p = pb.start();
        CompletableFuture<byte[]> out = drain(p.getInputStream());
        CompletableFuture<byte[]> err = drain(p.getErrorStream());
        p.getOutputStream().write(stdin);
        p.getOutputStream().close();
        boolean finished = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly().waitFor();
        }
        assertTrue(finished, () -> "still running after " + TIMEOUT_SECONDS + " s: " + String.join(" ", args));
        return new ChildJvm(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                new String(err.join(), StandardCharsets.UTF_8), out.join());
    }

    static ChildJvm run(String... args) throws IOException, InterruptedException {
        return run(new byte[0], args);
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return in.readAllBytes();
            } catch (IOException e) {
                return ("(unreadable: " + e + ")").getBytes(StandardCharsets.UTF_8);
            }
        });
    }
}
