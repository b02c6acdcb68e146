package dev.klpscope.report;

import dev.klpscope.load.Loading;
import dev.klpscope.check.Finding;
import dev.klpscope.check.Inspection;
import dev.klpscope.check.Severity;
import dev.klpscope.check.Target;
import dev.klpscope.check.Verdict;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --format junit} on the real samples, validated against a published JUnit XML schema and its structure asserted:
 * counts agree with the test cases, every test case has a classname and a name, and the failures are exactly the
 * verdicts at or above the threshold. The schema is Apache Maven Surefire's ({@code surefire-test-report.xsd}, the
 * format of the JUnit XML reports Surefire writes and CI viewers read; test resource {@code junit/}, its origin in its
 * header). It describes one {@code <testsuite>}, so each suite is validated; the {@code <testsuites>} root that gathers
 * them is asserted here.
 */
class JunitReportTest {

    private static final Schema JUNIT_SCHEMA = junitSchema();

    private static Schema junitSchema() {
        try {
            SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            return f.newSchema(JunitReportTest.class.getResource("/junit/surefire-test-report.xsd"));
        } catch (SAXException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each {@code <testsuite>} against the schema (a {@link SAXException} naming line and column when it does not hold). */
    private static void validate(Element root) throws Exception {
        for (Element suite : elements(root, "testsuite")) {
            JUNIT_SCHEMA.newValidator().validate(new DOMSource(suite));
        }
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> elements(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    /** Counts agree at every level and every test case is named; returns the names of the failing test cases. */
    private static Set<String> requireShape(String xml) throws Exception {
        Element root = parse(xml).getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        for (org.w3c.dom.Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            assertTrue(n.getNodeType() != org.w3c.dom.Node.ELEMENT_NODE || n.getNodeName().equals("testsuite"),
                    "the root holds test suites only: " + n.getNodeName());
        }
        validate(root);
        List<Element> cases = elements(root, "testcase");
        assertFalse(cases.isEmpty(), "no test cases in\n" + xml);
        assertEquals(cases.size(), Integer.parseInt(root.getAttribute("tests")));
        Set<String> failing = new HashSet<>();
        int suiteTests = 0;
        int suiteFailures = 0;
        for (Element suite : elements(root, "testsuite")) {
            List<Element> own = elements(suite, "testcase");
            long failed = own.stream().filter(c -> !elements(c, "failure").isEmpty()).count();
            assertEquals(own.size(), Integer.parseInt(suite.getAttribute("tests")), suite.getAttribute("name"));
            assertEquals(failed, Long.parseLong(suite.getAttribute("failures")), suite.getAttribute("name"));
            assertFalse(suite.hasAttribute("timestamp") || suite.hasAttribute("hostname"), "not deterministic");
            suiteTests += own.size();
            suiteFailures += (int) failed;
        }
        assertEquals(cases.size(), suiteTests);
        assertEquals(suiteFailures, Integer.parseInt(root.getAttribute("failures")));
        for (Element c : cases) {
            assertFalse(c.getAttribute("classname").isEmpty(), "test case without classname");
            assertFalse(c.getAttribute("name").isEmpty(), "test case without name");
            assertEquals("0", c.getAttribute("time"));
            for (Element f : elements(c, "failure")) {
                assertTrue(Severity.fromWord(f.getAttribute("type")).atLeast(Severity.INFO));
                assertFalse(f.getAttribute("message").isEmpty());
                failing.add(c.getAttribute("name"));
            }
        }
        return failing;
    }

    /** The target × candidate cases the inspection itself says reach the threshold (no suppressions). */
    private static Set<String> verdictsAtLeast(Inspection in, Severity threshold) {
        Set<String> out = new HashSet<>();
        for (Target t : in.targets()) {
            for (Verdict v : t.verdicts()) {
                if (v.severity() != Severity.OK && v.severity().atLeast(threshold)) {
                    out.add(SummaryLines.targetName(t) + " @ " + v.candidate());
                }
            }
        }
        in.patch().findings().stream().filter(f -> f.severity().atLeast(threshold))
                .forEach(f -> out.add("patch: " + f.check()));
        in.candidates().forEach(c -> c.findings().stream().filter(f -> f.severity().atLeast(threshold))
                .forEach(f -> out.add(c.path() + ": " + f.check())));
        return out;
    }

    private static String junit(Inspection in, String failOn) {
        return Reports.render(in, ReportFormat.JUNIT, Optional.of(new GateOutcome(failOn, false)));
    }

    @Test
    void everySampleHasTheShapeAndFailsExactlyTheVerdictsAtTheThreshold() throws Exception {
        Map<Path, List<Path>> samples = TestSamples.candidatesByPatch();
        assertTrue(samples.size() >= 4, "too few samples");
        for (Map.Entry<Path, List<Path>> s : samples.entrySet()) {
            Inspection in = Loading.inspect(s.getKey(), s.getValue(), List.of());
            for (String failOn : List.of("silent", "refused", "info")) {
                assertEquals(verdictsAtLeast(in, Severity.fromWord(failOn)), requireShape(junit(in, failOn)),
                        s.getKey() + " --fail-on " + failOn);
            }
            assertEquals(Set.of(), requireShape(junit(in, "never")), s.getKey() + " --fail-on never");
            assertEquals(verdictsAtLeast(in, Severity.SILENT),
                    requireShape(Reports.render(in, ReportFormat.JUNIT)), "without a gate the default is silent");
        }
    }

    @Test
    void symposOnV3FailsAndNamesTheCaseByTargetAndCandidate() throws Exception {
        Inspection in = Loading.inspect(TestSamples.file("sympos/sympos_lp.ko"),
                List.of(TestSamples.file("sympos/v1/foo.ko"), TestSamples.file("sympos/v3/foo.ko")),
                List.of(TestSamples.file("sympos/v1/foo.ko")));
        String xml = junit(in, "silent");
        Set<String> failing = requireShape(xml);
        assertFalse(failing.isEmpty(), "sympos_lp on v3 binds wrongly or is refused:\n" + xml);
        assertTrue(failing.stream().allMatch(n -> n.startsWith("foo:") && n.endsWith(" @ " + TestSamples.file("sympos/v3/foo.ko"))),
                "only v3's verdicts fail: " + failing);
        Element root = parse(xml).getDocumentElement();
        assertTrue(elements(root, "testcase").stream().allMatch(c -> c.getAttribute("classname").equals("foo")
                || c.getAttribute("classname").equals(in.patch().name())), xml);
        Element failure = elements(root, "failure").get(0);
        assertTrue(failure.getTextContent().contains(failure.getAttribute("message").substring(0, 10)),
                "the body lists the findings, the first included");
        assertTrue(failure.getTextContent().strip().lines().count() >= 2, "one line per finding: " + failure.getTextContent());
        assertFalse(failure.getTextContent().contains("\\n"), "newlines are real in the body");
    }

    @Test
    void seedOnV2DoesNotFail() throws Exception {
        Inspection in = Loading.inspect(TestSamples.file("seed/seed_lp2.ko"),
                List.of(TestSamples.file("seed/v2/foo.ko")), List.of());
        String xml = junit(in, "silent");
        assertEquals(Set.of(), requireShape(xml), xml);
        assertEquals("0", parse(xml).getDocumentElement().getAttribute("failures"));
    }

    @Test
    void acceptedAndIgnoredFindingsNeverFail() throws Exception {
        Path patch = TestSamples.file("seed/seed_lp2.ko");
        Inspection in = Loading.inspect(patch, TestSamples.candidatesByPatch().get(patch), List.of());
        assertFalse(requireShape(junit(in, "info")).isEmpty(), "the seed sample is refused on v1");
        List<Suppressions.Ignore> all = IdentifiedFinding.of(in).stream().map(f -> f.finding().check()).distinct()
                .map(Suppressions.Ignore::parse).toList();
        String ignored = Reports.render(in, ReportFormat.JUNIT, Optional.of(new GateOutcome("info", false)),
                new Suppressions(List.of(), all));
        assertEquals(Set.of(), requireShape(ignored), ignored);
        List<Suppressions.Accepted> ids = IdentifiedFinding.of(in).stream()
                .map(f -> new Suppressions.Accepted(f.id(), "accepted.txt", 1)).toList();
        String accepted = Reports.render(in, ReportFormat.JUNIT, Optional.of(new GateOutcome("info", false)),
                new Suppressions(ids, List.of()));
        assertEquals(Set.of(), requireShape(accepted), accepted);
    }

    /** The schema is no rubber stamp: a test case without its name or time, or an element it does not know, fails it. */
    @Test
    void theSchemaRejectsWhatJunitViewersCouldNotRead() throws Exception {
        Inspection in = Loading.inspect(TestSamples.file("seed/seed_lp2.ko"), List.of(TestSamples.file("seed/v1/foo.ko")),
                List.of());
        String xml = junit(in, "silent");
        validate(parse(xml).getDocumentElement());
        for (java.util.function.Consumer<Element> damage : List.<java.util.function.Consumer<Element>>of(
                c -> c.removeAttribute("name"),
                c -> c.removeAttribute("time"),
                c -> c.setAttribute("time", "soon"),
                c -> c.appendChild(c.getOwnerDocument().createElement("verdict")),
                c -> c.getParentNode().appendChild(c.getOwnerDocument().createElement("system-out")),
                c -> ((Element) c.getParentNode()).removeAttribute("failures"))) {
            Element root = parse(xml).getDocumentElement();
            damage.accept(elements(root, "testcase").get(0));
            assertThrows(SAXException.class, () -> validate(root));
        }
    }

    @Test
    void hostileNamesAreEscapedAndStillReadable() throws Exception {
        Inspection in = HostileTextTest.inspection();
        String xml = junit(in, "silent");
        Set<String> failing = requireShape(xml);
        assertFalse(xml.contains("<script>"), "markup must be escaped");
        Element root = parse(xml).getDocumentElement();
        Element target = elements(root, "testcase").stream()
                .filter(c -> c.getAttribute("name").contains("@")).findFirst().orElseThrow();
        assertTrue(target.getAttribute("name").contains("</td><script>alert(1)</script>"), target.getAttribute("name"));
        assertTrue(target.getAttribute("name").contains("\\x01"), "control characters are made visible");
        assertTrue(failing.contains(target.getAttribute("name")), "the silent verdict fails at silent");
        Finding first = in.patch().findings().get(0);
        assertTrue(xml.contains(first.check()));
    }
}
