namespace AdmissionGuard.Cli.Output;

/// <summary>Writes a run's report in one format.</summary>
internal interface IReportWriter
{
    void Write(CheckReport report, ReportContext context, TextWriter output);
}

/// <summary>What a report needs besides the findings.</summary>
/// <param name="ExitCode">The exit code the run ends with.</param>
/// <param name="Color">ANSI colour allowed (text only).</param>
/// <param name="WorkingDirectory">SARIF locations are relative to it.</param>
/// <param name="SourceNoun">What a source is, in the text summary: file (check), namespace (scan).</param>
internal sealed record ReportContext(int ExitCode, bool Color, string WorkingDirectory, string SourceNoun = "file")
{
    public static string ToolVersion { get; } = ReadVersion();

    private static string ReadVersion()
    {
        var info = typeof(ReportContext).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>()
            .FirstOrDefault()?.InformationalVersion ?? "0.0.0";
        var plus = info.IndexOf('+');
        return plus < 0 ? info : info[..plus];
    }
}

internal static class ReportWriters
{
    public static IReportWriter For(OutputFormat format) => format switch
    {
        OutputFormat.Json => new JsonReportWriter(),
        OutputFormat.Sarif => new SarifReportWriter(),
        OutputFormat.JUnit => new JUnitReportWriter(),
        OutputFormat.GitHub => new GitHubReportWriter(),
        _ => new TextReportWriter(),
    };
}
