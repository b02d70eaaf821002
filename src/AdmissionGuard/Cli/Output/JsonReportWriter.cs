namespace AdmissionGuard.Cli.Output;

/// <summary>
/// One JSON document: <c>{"findings":[...],"summary":{...}}</c>. Each finding has exactly the
/// fields file, line, document, apiVersion, kind, namespace, name, policy, result, message, path
/// (docs/cli.md describes each).
/// </summary>
internal sealed class JsonReportWriter : IReportWriter
{
    public void Write(CheckReport report, ReportContext context, TextWriter output) =>
        JsonOutput.WriteTo(output, writer => Write(writer, report, context));

    private static void Write(Utf8JsonWriter w, CheckReport report, ReportContext context)
    {
        w.WriteStartObject();
        w.WriteStartArray("findings");
        foreach (var f in report.Findings)
        {
            var o = f.Object;
            w.WriteStartObject();
            w.WriteString("file", o.File);
            w.WriteNumber("line", o.FileLine);
            w.WriteNumber("document", o.Document);
            w.WriteString("apiVersion", o.ApiVersion);
            w.WriteString("kind", o.Kind);
            w.StringOrNull("namespace", o.Namespace);
            w.StringOrNull("name", o.Name);
            w.WriteString("policy", f.Policy);
            w.WriteString("result", f.Result.ToWire());
            w.WriteString("message", f.Message);
            w.WriteString("path", f.Path);
            w.WriteEndObject();
        }

        w.WriteEndArray();

        w.WriteStartObject("summary");
        w.WriteNumber("files", report.Sources.Count);
        w.WriteNumber("documents", report.Documents.Count);
        w.WriteNumber("objects", report.Objects.Count);
        w.WriteNumber("deny", report.Count(FindingResult.Deny));
        w.WriteNumber("warn", report.Count(FindingResult.Warn));
        w.WriteNumber("audit", report.Count(FindingResult.Audit));
        w.WriteNumber("mutate", report.Count(FindingResult.Mutate));
        w.WriteNumber("skipped", report.Skipped.Count);
        w.WriteNumber("errors", report.Errors.Count);
        w.WriteNumber("exitCode", context.ExitCode);
        w.WriteStartArray("inputs");
        foreach (var source in report.Sources)
        {
            w.WriteStartObject();
            w.WriteString("file", source.Name);
            w.WriteNumber("documents", report.Documents.Count(d => d.Source == source));
            w.WriteNumber("objects", report.Objects.Count(o => o.Source == source));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("skippedDocuments");
        foreach (var s in report.Skipped)
        {
            w.WriteStartObject();
            w.WriteString("file", s.Source.Name);
            w.WriteNumber("line", s.Line);
            w.WriteNumber("document", s.Document);
            w.WriteString("reason", s.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("skippedPaths");
        foreach (var s in report.SkippedPaths)
        {
            w.WriteStartObject();
            w.WriteString("path", s.Path);
            w.WriteString("reason", s.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("inputErrors");
        foreach (var e in report.Errors)
        {
            w.WriteStartObject();
            w.WriteString("file", e.File);
            w.WriteNumber("line", e.Line);
            w.WriteString("message", e.Message);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
