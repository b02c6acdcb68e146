package dev.klpscope.report;

import dev.klpscope.check.CandidateInfo;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Target;
import dev.klpscope.check.Verdict;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JUnit XML for CI test-result viewers: one {@code <testcase>} per target × candidate (classname the object, name
 * {@code target @ candidate}), one per finding of the patch file and per finding about a candidate as a whole, grouped
 * in one {@code <testsuite>} per object (the patch's own findings under the patch's name). A test case fails when a
 * finding the gate counts is at or above {@code --fail-on} ({@code silent} without a gate); accepted and ignored
 * findings never fail. Deterministic: no timestamps, no host names, {@code time="0"}. Written with
 * {@link XMLStreamWriter} so markup in names is escaped; control characters, which XML 1.0 cannot carry at all, are
 * made visible first ({@link ControlChars}).
 */
final class JunitReport {

    /** The gate's default, as {@code --fail-on} has it. */
    static final String DEFAULT_FAIL_ON = "silent";

    private record Case(String classname, String name, List<Finding> findings, String target, String candidate) {
    }

    private JunitReport() {
    }

    static String render(Inspection in, Optional<GateOutcome> gate, SuppressionMarks marks) {
        String failOn = gate.map(GateOutcome::failOn).orElse(DEFAULT_FAIL_ON);
        Optional<Severity> threshold = failOn.equals("never") ? Optional.empty() : Optional.of(Severity.fromWord(failOn));
        Map<String, List<Case>> suites = suites(in);
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "klpscope");
            int all = suites.values().stream().mapToInt(List::size).sum();
            long failed = suites.values().stream().flatMap(List::stream).filter(c -> failure(c, threshold, marks).isPresent()).count();
            counts(x, all, failed);
            x.writeCharacters("\n");
            for (Map.Entry<String, List<Case>> suite : suites.entrySet()) {
                suite(x, suite.getKey(), suite.getValue(), threshold, marks);
            }
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new UncheckedIOException(new java.io.IOException(e));
        }
        return out.toString();
    }

    /** Test cases by suite, in the inspection's order: the patch's findings, each candidate's, then the targets. */
    private static Map<String, List<Case>> suites(Inspection in) {
        Map<String, List<Case>> suites = new LinkedHashMap<>();
        String patch = in.patch().name();
        for (Finding f : in.patch().findings()) {
            add(suites, new Case(patch, "patch: " + f.check(), List.of(f), "", ""));
        }
        for (CandidateInfo c : in.candidates()) {
            for (Finding f : c.findings()) {
                add(suites, new Case(c.object(), c.path() + ": " + f.check(), List.of(f), "", c.path()));
            }
        }
        for (Target t : in.targets()) {
            String target = SummaryLines.targetName(t);
            for (Verdict v : t.verdicts()) {
                add(suites, new Case(t.object(), target + " @ " + v.candidate(), v.findings(), target, v.candidate()));
            }
        }
        return suites;
    }

    private static void add(Map<String, List<Case>> suites, Case c) {
        suites.computeIfAbsent(c.classname(), k -> new ArrayList<>()).add(c);
    }

    private static void suite(XMLStreamWriter x, String name, List<Case> cases, Optional<Severity> threshold,
                              SuppressionMarks marks) throws XMLStreamException {
        x.writeCharacters("  ");
        x.writeStartElement("testsuite");
        x.writeAttribute("name", text(name));
        counts(x, cases.size(), cases.stream().filter(c -> failure(c, threshold, marks).isPresent()).count());
        x.writeCharacters("\n");
        for (Case c : cases) {
            x.writeCharacters("    ");
            x.writeStartElement("testcase");
            x.writeAttribute("classname", text(c.classname()));
            x.writeAttribute("name", text(c.name()));
            x.writeAttribute("time", "0");
            Optional<Finding> failure = failure(c, threshold, marks);
            if (failure.isPresent()) {
                x.writeStartElement("failure");
                x.writeAttribute("type", failure.get().severity().word());
                x.writeAttribute("message", text(failure.get().message()));
                x.writeCharacters(wholeCharacters(body(c, marks)));
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeCharacters("\n");
        }
        x.writeCharacters("  ");
        x.writeEndElement();
        x.writeCharacters("\n");
    }

    private static void counts(XMLStreamWriter x, long tests, long failures) throws XMLStreamException {
        x.writeAttribute("tests", Long.toString(tests));
        x.writeAttribute("failures", Long.toString(failures));
        x.writeAttribute("errors", "0");
        x.writeAttribute("skipped", "0");
        x.writeAttribute("time", "0");
    }

    /** The first counted finding at the case's worst counted severity, if that reaches the threshold. */
    private static Optional<Finding> failure(Case c, Optional<Severity> threshold, SuppressionMarks marks) {
        List<Finding> counted = c.findings().stream().filter(f -> marks.of(f, c.target(), c.candidate()).isEmpty()).toList();
        Severity worst = Finding.worstOf(counted);
        if (threshold.isEmpty() || worst == Severity.OK || !worst.atLeast(threshold.get())) {
            return Optional.empty();
        }
        return counted.stream().filter(f -> f.severity() == worst).findFirst();
    }

    /** Every finding of the case, worst first as the verdict lists them, with the kernel's own lines. */
    private static String body(Case c, SuppressionMarks marks) {
        StringBuilder b = new StringBuilder("\n");
        for (Finding f : c.findings()) {
            b.append(f.severity().word()).append(' ').append(f.check()).append(": ")
                    .append(ControlChars.escape(f.message())).append(marks.suffix(f, c.target(), c.candidate())).append('\n');
            f.kernelMessage().ifPresent(k -> k.lines().forEach(l -> b.append("  kernel: ").append(ControlChars.escape(l)).append('\n')));
        }
        return b.toString();
    }

    /** Control characters escaped; what no XML document can hold replaced. */
    private static String text(String s) {
        return wholeCharacters(ControlChars.escape(s));
    }

    /** Lone surrogates and U+FFFE/U+FFFF, which no XML document can hold, as U+FFFD. */
    private static String wholeCharacters(String s) {
        String escaped = s.replace('\uFFFE', '\uFFFD').replace('\uFFFF', '\uFFFD');
        StringBuilder b = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < escaped.length() && Character.isLowSurrogate(escaped.charAt(i + 1))) {
                b.append(c).append(escaped.charAt(++i));
            } else {
                b.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return b.toString();
    }
}
