package dev.klpscope.module.types;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference: {@code pahole -F btf} and {@code -F dwarf} (Debian package {@code pahole}/{@code dwarves}, which reads BTF with libbpf),
 * its struct and union listings parsed into members (name, byte offset, bit offset in a bitfield's unit, size) as
 * pahole prints them: anonymous nested blocks inline, named nested structs not expanded.
 */
final class Pahole {

    record Member(String name, long offset, int bit, long size) {
    }

    private static final Pattern HEAD = Pattern.compile("^(struct|union) (\\w+) \\{$");
    private static final Pattern COMMENT = Pattern.compile("^(.*?);\\s*/\\*\\s+(\\d+)(?::\\s*(\\d+))?\\s+(\\d+)\\s+\\*/\\s*$");

    /** {@code __attribute__((__aligned__(8)))}, which pahole prints after a member and after a nested block's brace. */
    private static final Pattern ATTRIBUTE = Pattern.compile("\\s*__attribute__\\(\\((?:[^()]|\\([^()]*\\))*\\)\\)");

    private Pahole() {
    }

    static boolean available() {
        try {
            Process p = new ProcessBuilder("pahole", "--version").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code pahole -F btf [--btf_base BASE] FILE}: every named struct and union it prints, first listing of a name kept. */
    static Map<String, List<Member>> types(Path file, Path base) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("pahole", "-F", "btf"));
        if (base != null) {
            cmd.addAll(List.of("--btf_base", base.toString()));
        }
        return run(cmd, file);
    }

    /**
     * {@code pahole -F dwarf [-C NAME,...] FILE}: what pahole (libdw) reads from the file's DWARF; {@code classes}
     * (struct names without the keyword) limits it to those, as pahole's {@code -C} does, empty for all.
     */
    static Map<String, List<Member>> dwarfTypes(Path file, List<String> classes) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("pahole", "-F", "dwarf"));
        if (!classes.isEmpty()) {
            cmd.addAll(List.of("-C", String.join(",", classes)));
        }
        return run(cmd, file);
    }

    /** An enumerator as pahole prints it in {@code enum foo { NAME = value, ... };}. */
    record Constant(String name, String value) {
    }

    private static final Pattern ENUM_HEAD = Pattern.compile("^enum (\\w+) \\{$");
    private static final Pattern ENUMERATOR = Pattern.compile("^\\t(\\w+)\\s*= (-?\\d+),$");

    /**
     * {@code pahole -F FORMAT [--btf_base BASE] -C NAME,... FILE}: the named enums' constants as pahole prints them
     * ({@code format} {@code dwarf} or {@code btf}). pahole stops at a name it does not find: pass names the file has.
     */
    static Map<String, List<Constant>> enums(Path file, String format, Path base, List<String> names)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("pahole", "-F", format));
        if (base != null) {
            cmd.addAll(List.of("--btf_base", base.toString()));
        }
        cmd.addAll(List.of("-C", String.join(",", names), file.toString()));
        Path out = Files.createTempFile("pahole", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("pahole failed on " + file);
            }
            Map<String, List<Constant>> enums = new LinkedHashMap<>();
            List<Constant> current = null;
            for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                Matcher h = ENUM_HEAD.matcher(line);
                Matcher c = ENUMERATOR.matcher(line);
                if (h.matches()) {
                    current = new ArrayList<>();
                    enums.putIfAbsent(h.group(1), current);
                } else if (current != null && c.matches()) {
                    current.add(new Constant(c.group(1), c.group(2)));
                } else if (line.startsWith("}")) {
                    current = null;
                }
            }
            return enums;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static Map<String, List<Member>> run(List<String> cmd, Path file) throws IOException, InterruptedException {
        cmd.add(file.toString());
        Path out = Files.createTempFile("pahole", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("pahole failed on " + file);
            }
            return parse(Files.readAllLines(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /**
     * A named member of an anonymous struct or union type is printed as a block of its members closed by
     * {@code } name;}: the block's lines are replaced by that one member, as ours lists it (its inner members get
     * a dotted path, which the comparison leaves out).
     */
    static Map<String, List<Member>> parse(List<String> lines) {
        Map<String, List<Member>> types = new LinkedHashMap<>();
        List<Member> current = null;
        java.util.ArrayDeque<Integer> open = new java.util.ArrayDeque<>();
        String name = null;
        for (String line : lines) {
            Matcher h = HEAD.matcher(line);
            if (h.matches()) {
                name = h.group(1) + " " + h.group(2);
                current = new ArrayList<>();
                open.clear();
                continue;
            }
            if (current == null) {
                continue;
            }
            if (line.startsWith("}") && line.endsWith(";")) { // "};" or "} __attribute__((__aligned__(64)));"
                types.putIfAbsent(name, current);
                current = null;
                continue;
            }
            String body = line.strip();
            if (body.endsWith("{")) {
                open.push(current.size());
                continue;
            }
            Matcher m = COMMENT.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String decl = ATTRIBUTE.matcher(m.group(1)).replaceAll("").strip();
            Member member = new Member(memberName(decl), Long.parseLong(m.group(2)),
                    m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), Long.parseLong(m.group(4)));
            if (decl.startsWith("}")) {
                int start = open.isEmpty() ? current.size() : open.pop();
                if (!decl.equals("}")) {
                    current.subList(start, current.size()).clear();
                    current.add(member);
                }
                continue;
            }
            current.add(member);
        }
        return types;
    }

    private static String memberName(String decl) {
        int fp = decl.indexOf("(*");
        if (fp >= 0) {
            return decl.substring(fp + 2, decl.indexOf(')', fp));
        }
        String d = decl.replaceAll(":\\d+$", "").replaceAll("(\\[[^\\]]*\\])+$", "");
        Matcher id = Pattern.compile("(\\w+)$").matcher(d);
        return id.find() ? id.group(1) : d;
    }
}
