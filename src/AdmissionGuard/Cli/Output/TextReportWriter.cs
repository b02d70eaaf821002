namespace AdmissionGuard.Cli.Output;

/// <summary>
/// The report for people: findings grouped by file and object, each with its policy, message,
/// field path and fix; skipped documents; one summary line. ANSI colour only when allowed.
/// </summary>
internal sealed class TextReportWriter : IReportWriter
{
    public void Write(CheckReport report, ReportContext context, TextWriter output)
    {
        var style = new Style(context.Color);
        var byObject = report.Findings.GroupBy(f => f.Object).ToDictionary(g => g.Key, g => g.ToList());
        var skippedBySource = report.Skipped.ToLookup(s => s.Source);
        var objectsBySource = report.Objects.ToLookup(o => o.Source);

        foreach (var source in report.Sources)
        {
            var objects = objectsBySource[source].Where(byObject.ContainsKey).ToList();
            var skipped = skippedBySource[source].ToList();
            if (objects.Count == 0 && skipped.Count == 0)
            {
                continue;
            }

            output.WriteLine(style.Bold(SourceName(source)));
            foreach (var obj in objects)
            {
                output.WriteLine(obj.Line > 0 ? $"  {style.Bold(obj.Display)}  {style.Dim(Where(obj))}" : $"  {style.Bold(obj.Display)}");
                foreach (var f in byObject[obj])
                {
                    WriteFinding(output, style, f);
                }
            }

            foreach (var s in skipped)
            {
                // Line 0: not a document of a file (a resource a scan could not list).
                output.WriteLine(style.Dim(s.Line > 0 ? $"  skipped document {s.Document} (line {s.Line}): {s.Reason}" : $"  skipped: {s.Reason}"));
            }

            output.WriteLine();
        }

        foreach (var path in report.SkippedPaths)
        {
            output.WriteLine(style.Dim($"skipped {path.Path}: {path.Reason}"));
        }

        if (report.SkippedPaths.Count > 0)
        {
            output.WriteLine();
        }

        if (report.Baseline is { Stale.Count: > 0 } baseline)
        {
            output.WriteLine($"stale entries of {baseline.File} (no longer found; rewrite it with --write-baseline {baseline.File}):");
            foreach (var entry in baseline.Stale)
            {
                output.WriteLine($"  {entry}");
            }

            output.WriteLine();
        }

        output.WriteLine(Summary(report, context));
    }

    /// <summary>The source as the report heads it: its name, what rendered it, and the tree's object that names its applier.</summary>
    public static string SourceName(ManifestSource source)
    {
        if (source.IsStdin)
        {
            return "<stdin>";
        }

        var notes = new List<string>(2);
        if (source.Rendered is { } rendered)
        {
            notes.Add(rendered.Command);
        }

        if (source.Applier is { } applier)
        {
            notes.Add($"applied by {ApplierName(applier.Applier)}: {applier.Origin}");
        }

        return notes.Count == 0 ? source.Name : $"{source.Name} ({string.Join("; ", notes)})";
    }

    private static string ApplierName(Applier applier) =>
        applier is Applier.FluxKustomize or Applier.FluxHelm ? "Flux"
        : applier is Applier.ArgoCD ? "Argo CD"
        : applier is Applier.Helm ? "Helm"
        : applier is Applier.Kubectl ? "kubectl"
        : "its own marks";

    private static string Where(CheckedObject obj)
    {
        if (obj.Source.Rendered is not null)
        {
            // The rendered stream's lines exist nowhere on disk: name the file to edit instead.
            var rendered = $"document {obj.Document} of the render";
            if (obj.ItemPath is not null)
            {
                rendered += ", " + obj.ItemPath;
            }

            return $"({rendered}, from {obj.File})";
        }

        var where = $"line {obj.Line}, document {obj.Document}";
        if (obj.ItemPath is not null)
        {
            where += ", " + obj.ItemPath;
        }

        if (obj.Template is not null)
        {
            where += ", from " + obj.Template;
        }

        return $"({where})";
    }

    private static void WriteFinding(TextWriter output, Style style, ReportFinding f)
    {
        var label = f.Result.ToWire();
        var baselined = f.Baselined ? style.Dim("(baselined) ") : string.Empty;
        output.WriteLine($"    {style.Result(f.Result, label.PadRight(6))} {baselined}{f.Policy}: {f.Message}");
        if (f.Path.Length > 0)
        {
            output.WriteLine($"           {style.Dim("at " + f.Path)}");
        }

        if (f.Fix.Length > 0)
        {
            output.WriteLine($"           fix: {f.Fix}");
        }
    }

    public static string Summary(CheckReport report, ReportContext context)
    {
        var files = report.Sources.Count;
        var line = $"{Plural(report.Objects.Count, "object")} in {Plural(files, context.SourceNoun)}: "
            + $"{report.Count(FindingResult.Deny)} deny, {report.Count(FindingResult.Warn)} warn, "
            + $"{report.Count(FindingResult.Audit)} audit, {report.Count(FindingResult.Mutate)} mutate";
        if (report.Count(FindingResult.Skip) is > 0 and var skips)
        {
            line += $", {skips} skip (excepted)";
        }

        if (report.Baseline is { } baseline)
        {
            line += $"; {report.BaselinedCount} baselined";
            if (baseline.Stale.Count > 0)
            {
                line += $", {Plural(baseline.Stale.Count, "stale baseline entry")}";
            }
        }

        if (report.Skipped.Count > 0)
        {
            line += $"; {Plural(report.Skipped.Count, "document")} skipped (not Kubernetes objects)";
        }

        if (report.SkippedPaths.Count > 0)
        {
            line += $"; {Plural(report.SkippedPaths.Count, "path")} skipped (not manifests)";
        }

        if (report.Errors.Count > 0)
        {
            line += $"; {Plural(report.Errors.Count, "input error")}";
        }

        return $"{line}. Exit code {context.ExitCode}.";
    }

    private static string Plural(int n, string noun) =>
        n == 1 ? $"1 {noun}" : noun.EndsWith("entry", StringComparison.Ordinal) ? $"{n} {noun[..^1]}ies" : $"{n} {noun}s";

    /// <summary>ANSI styles, or plain text when colour is off.</summary>
    private sealed class Style(bool color)
    {
        public string Bold(string s) => Wrap("1", s);

        public string Dim(string s) => Wrap("2", s);

        public string Result(FindingResult result, string s) => result switch
        {
            FindingResult.Deny => Wrap("1;31", s),
            FindingResult.Warn => Wrap("33", s),
            FindingResult.Mutate => Wrap("36", s),
            _ => Wrap("34", s),
        };

        private string Wrap(string code, string s) => color ? $"\u001b[{code}m{s}\u001b[0m" : s;
    }
}
