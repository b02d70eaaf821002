using System.Xml;

namespace AdmissionGuard.Cli.Output;

/// <summary>
/// JUnit XML for CI test reports: a test suite per file, a test case per object and policy that
/// applies to it. A denial is a failure; warnings, audit findings and mutations go to the test
/// case's system-out; an admin exclusion is a skipped test; input errors are errored test cases.
/// </summary>
internal sealed class JUnitReportWriter : IReportWriter
{
    public void Write(CheckReport report, ReportContext context, TextWriter output)
    {
        var findings = report.Findings.GroupBy(f => (f.Object, f.Policy))
            .ToDictionary(g => g.Key, g => g.ToList());
        var suites = report.Sources.Select(source => new Suite(
            source.IsStdin ? "stdin" : source.Name,
            report.Objects.Where(o => ReferenceEquals(o.Source, source)).SelectMany(o => Cases(o, findings)).ToList(),
            report.Errors.Where(e => e.File == source.Name).Select(e => e.ToString()).ToList())).ToList();
        foreach (var orphan in report.Errors.Where(e => !report.Sources.Any(s => s.Name == e.File)))
        {
            suites.Add(new Suite(orphan.File.Length > 0 ? orphan.File : "input", [], [orphan.ToString()]));
        }

        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), NewLineChars = "\n" };
        var sb = new StringBuilder();
        using (var xml = XmlWriter.Create(sb, settings))
        {
            xml.WriteStartElement("testsuites");
            xml.WriteAttributeString("name", "admission-guard");
            WriteCounts(xml, suites.Sum(s => s.Tests), suites.Sum(s => s.Failures), suites.Sum(s => s.Errors.Count), suites.Sum(s => s.Skipped));
            foreach (var suite in suites)
            {
                WriteSuite(xml, suite);
            }

            xml.WriteEndElement();
        }

        // StringBuilder-backed XmlWriter declares utf-16; the bytes written are UTF-8.
        output.WriteLine(sb.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal));
    }

    private static IEnumerable<Case> Cases(CheckedObject obj, Dictionary<(CheckedObject, string), List<ReportFinding>> findings)
    {
        foreach (var result in obj.Results)
        {
            var lines = findings.TryGetValue((obj, result.PolicyId), out var l) ? l : [];
            yield return new Case(obj, result, lines);
        }
    }

    private static void WriteSuite(XmlWriter xml, Suite suite)
    {
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", Clean(suite.Name));
        WriteCounts(xml, suite.Tests, suite.Failures, suite.Errors.Count, suite.Skipped);
        foreach (var c in suite.Cases)
        {
            WriteCase(xml, suite.Name, c);
        }

        foreach (var error in suite.Errors)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("classname", Clean(suite.Name));
            xml.WriteAttributeString("name", "read manifests");
            xml.WriteStartElement("error");
            xml.WriteAttributeString("message", Clean(error));
            xml.WriteAttributeString("type", "input");
            xml.WriteString(Clean(error));
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void WriteCase(XmlWriter xml, string suite, Case c)
    {
        var obj = c.Object;
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("classname", Clean(suite));
        var name = obj.ItemPath is null ? $"{obj.Display} [{c.Result.PolicyId}]" : $"{obj.Display} ({obj.ItemPath}) [{c.Result.PolicyId}]";
        xml.WriteAttributeString("name", Clean(name));
        if (!obj.Source.IsStdin)
        {
            xml.WriteAttributeString("file", Clean(obj.File));
        }

        xml.WriteAttributeString("line", obj.FileLine.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var denials = c.Findings.Where(f => f.Result == FindingResult.Deny && !f.Baselined).ToList();
        if (c.Result.Result == PolicyResultKind.Excepted)
        {
            xml.WriteStartElement("skipped");
            xml.WriteAttributeString("message", Clean("skip: excepted by " + c.Result.Reason));
            xml.WriteEndElement();
        }
        else if (c.Result.Result == PolicyResultKind.Excluded)
        {
            xml.WriteStartElement("skipped");
            xml.WriteAttributeString("message", Clean("excluded: " + (c.Result.Reason ?? "by the policy's exclusions")));
            xml.WriteEndElement();
        }
        else if (denials.Count == 0 && c.Findings.Any(f => f.Result == FindingResult.Deny))
        {
            // Every denial is in the baseline: known, not failing, not passing either.
            xml.WriteStartElement("skipped");
            xml.WriteAttributeString("message", Clean("baselined: " + c.Findings.First(f => f.Result == FindingResult.Deny).Message));
            xml.WriteEndElement();
        }
        else if (denials.Count > 0)
        {
            xml.WriteStartElement("failure");
            xml.WriteAttributeString("message", Clean(denials[0].Message));
            xml.WriteAttributeString("type", "deny");
            xml.WriteString(Clean(string.Join("\n", denials.Select(Describe))));
            xml.WriteEndElement();
        }

        var others = c.Findings.Where(f => f.Result != FindingResult.Deny || f.Baselined).ToList();
        if (others.Count > 0)
        {
            xml.WriteElementString("system-out", Clean(string.Join("\n", others.Select(f => $"{f.Result.ToWire()}{(f.Baselined ? " (baselined)" : string.Empty)}: {Describe(f)}"))));
        }

        xml.WriteEndElement();
    }

    private static string Describe(ReportFinding f)
    {
        var text = f.Message;
        if (f.Path.Length > 0)
        {
            text += $" (at {f.Path})";
        }

        return f.Fix.Length > 0 ? $"{text}. Fix: {f.Fix}" : text;
    }

    private static void WriteCounts(XmlWriter xml, int tests, int failures, int errors, int skipped)
    {
        xml.WriteAttributeString("tests", tests.ToString(System.Globalization.CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", failures.ToString(System.Globalization.CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", errors.ToString(System.Globalization.CultureInfo.InvariantCulture));
        xml.WriteAttributeString("skipped", skipped.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>XML 1.0 cannot carry most control characters, even escaped; they become U+FFFD.</summary>
    private static string Clean(string text)
    {
        if (!text.Any(c => c < 0x20 && c is not ('\t' or '\n' or '\r')))
        {
            return text;
        }

        return string.Concat(text.Select(c => c < 0x20 && c is not ('\t' or '\n' or '\r') ? '\uFFFD' : c));
    }

    private sealed record Case(CheckedObject Object, PolicyResult Result, List<ReportFinding> Findings);

    private sealed record Suite(string Name, List<Case> Cases, List<string> Errors)
    {
        public int Tests => Cases.Count + Errors.Count;

        public int Failures => Cases.Count(c => c.Result.Result is not (PolicyResultKind.Excluded or PolicyResultKind.Excepted) && c.Findings.Any(f => f.Result == FindingResult.Deny && !f.Baselined));

        public int Skipped => Cases.Count(c => c.Result.Result is PolicyResultKind.Excluded or PolicyResultKind.Excepted
            || (c.Findings.Any(f => f.Result == FindingResult.Deny) && c.Findings.All(f => f.Result != FindingResult.Deny || f.Baselined)));
    }
}
