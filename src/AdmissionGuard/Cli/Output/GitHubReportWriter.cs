namespace AdmissionGuard.Cli.Output;

/// <summary>
/// GitHub Actions workflow commands (docs/ci.md): one annotation per finding, at the file and the
/// line where the object's document starts, so that a pull request's diff shows it; input errors
/// as errors; the summary line (first) and stale baseline entries as notices. Escaped as the runner reads
/// them: in a command's data <c>%</c>, CR and LF; in a property also <c>:</c> and <c>,</c>.
/// </summary>
internal sealed class GitHubReportWriter : IReportWriter
{
    public void Write(CheckReport report, ReportContext context, TextWriter output)
    {
        // First: GitHub shows 10 annotations of each level per step, in the order written.
        output.Write(Command("notice", null, 0, "admission-guard check", TextReportWriter.Summary(report, context)));
        foreach (var f in report.Findings)
        {
            var o = f.Object;
            var message = $"{o.Display}: {f.Message}";
            if (f.Path.Length > 0)
            {
                message += $" (at {f.Path})";
            }

            if (f.Fix.Length > 0)
            {
                message += $". Fix: {f.Fix}";
            }

            var title = $"{f.Policy} ({f.Result.ToWire()}{(f.Baselined ? ", baselined" : string.Empty)}): {o.Display}";
            var file = o.Source.IsStdin ? null : RelativePath(o.File, context);
            output.Write(Command(Level(f), file, o.FileLine, title, message));
        }

        foreach (var e in report.Errors)
        {
            var file = e.File.Length == 0 || e.File == ManifestSource.StdinName ? null : RelativePath(e.File, context);
            output.Write(Command("error", file, e.Line, "admission-guard: input error", e.Message));
        }

        if (report.Baseline is { Stale.Count: > 0 } baseline)
        {
            foreach (var entry in baseline.Stale)
            {
                output.Write(Command("notice", RelativePath(baseline.File, context), 0, "stale baseline entry",
                    $"{entry} no longer occurs: rewrite the file with admission-guard check --write-baseline {baseline.File}"));
            }
        }
    }

    /// <summary><c>::level file=F,line=L,title=T::message</c> and a newline.</summary>
    public static string Command(string level, string? file, int line, string title, string message)
    {
        var properties = new List<string>(3);
        if (file is not null)
        {
            properties.Add("file=" + EscapeProperty(file));
            if (line > 0)
            {
                properties.Add("line=" + line.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        properties.Add("title=" + EscapeProperty(title));
        return $"::{level} {string.Join(',', properties)}::{EscapeData(message)}\n";
    }

    /// <summary>A command's message: <c>%</c>, CR and LF, percent-encoded (the runner decodes them).</summary>
    public static string EscapeData(string text) =>
        text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>A property's value: also <c>:</c> and <c>,</c>, which end a value.</summary>
    public static string EscapeProperty(string text) =>
        EscapeData(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);

    /// <summary>deny is an error, warn a warning; audit, mutations and baselined findings are notices: they fail nothing.</summary>
    private static string Level(ReportFinding f) => f.Baselined ? "notice" : f.Result switch
    {
        FindingResult.Deny => "error",
        FindingResult.Warn => "warning",
        _ => "notice",
    };

    /// <summary>Relative to the working directory (the workspace a workflow runs in), '/'-separated, as annotations take it.</summary>
    private static string RelativePath(string path, ReportContext context) =>
        Path.GetRelativePath(context.WorkingDirectory, Path.GetFullPath(path, context.WorkingDirectory)).Replace(Path.DirectorySeparatorChar, '/');
}
