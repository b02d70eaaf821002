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
        var baselined = report.Baseline is not null;
        w.ObjectArray("findings", report.Findings, (w, f) =>
        {
            var o = f.Object;
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
            if (baselined)
            {
                w.WriteBoolean("baselined", f.Baselined);
            }
        });

        w.WriteStartObject("summary");
        w.WriteNumber("files", report.Sources.Count);
        w.WriteNumber("documents", report.Documents.Count);
        w.WriteNumber("objects", report.Objects.Count);
        w.WriteNumber("deny", report.Count(FindingResult.Deny));
        w.WriteNumber("warn", report.Count(FindingResult.Warn));
        w.WriteNumber("audit", report.Count(FindingResult.Audit));
        w.WriteNumber("mutate", report.Count(FindingResult.Mutate));
        w.WriteNumber("skip", report.Count(FindingResult.Skip));
        w.WriteNumber("skipped", report.Skipped.Count);
        w.WriteNumber("errors", report.Errors.Count);
        w.WriteNumber("exitCode", context.ExitCode);
        w.ObjectArray("inputs", report.Sources, (w, source) =>
        {
            w.WriteString("file", source.Name);
            w.WriteNumber("documents", report.Documents.Count(d => d.Source == source));
            w.WriteNumber("objects", report.Objects.Count(o => o.Source == source));
        });
        w.ObjectArray("skippedDocuments", report.Skipped, static (w, s) =>
        {
            w.WriteString("file", s.Source.Name);
            w.WriteNumber("line", s.Line);
            w.WriteNumber("document", s.Document);
            w.WriteString("reason", s.Reason);
        });
        w.ObjectArray("skippedPaths", report.SkippedPaths, static (w, s) =>
        {
            w.WriteString("path", s.Path);
            w.WriteString("reason", s.Reason);
        });
        if (report.Baseline is { } baseline)
        {
            w.WriteStartObject("baseline");
            w.WriteString("file", baseline.File);
            w.WriteNumber("baselined", report.BaselinedCount);
            w.ObjectArray("stale", baseline.Stale, static (w, e) =>
            {
                w.WriteString("kind", e.Kind);
                w.WriteString("namespace", e.Namespace);
                w.WriteString("name", e.Name);
                w.WriteString("policy", e.Policy);
                w.WriteString("rule", e.Rule);
            });
            w.WriteEndObject();
        }

        w.ObjectArray("inputErrors", report.Errors, static (w, e) =>
        {
            w.WriteString("file", e.File);
            w.WriteNumber("line", e.Line);
            w.WriteString("message", e.Message);
        });
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
