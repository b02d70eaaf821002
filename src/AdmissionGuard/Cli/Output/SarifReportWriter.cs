using System.Security.Cryptography;
using AdmissionGuard.Core.Policies;

namespace AdmissionGuard.Cli.Output;

/// <summary>
/// SARIF 2.1.0 as code-scanning services take it (GitHub's upload-sarif among them): one rule per
/// loaded policy with descriptions, help and tags; one result per finding, located at the file and
/// the line where the object's document starts, with the object (<c>Kind/namespace/name</c>) as
/// its logical location and a fingerprint that survives lines moving; input errors as tool
/// execution notifications.
/// </summary>
internal sealed class SarifReportWriter : IReportWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <summary>The project's home, named by the API group its policy files and annotations use.</summary>
    public const string InformationUri = "https://admission-guard.io/";

    private const string SourceRoot = "%SRCROOT%";

    public void Write(CheckReport report, ReportContext context, TextWriter output) =>
        JsonOutput.WriteTo(output, writer => Write(writer, report, context));

    private static void Write(Utf8JsonWriter w, CheckReport report, ReportContext context)
    {
        var rules = report.Policies.Bindings;
        var ruleIndex = rules.Select((b, i) => (b.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);

        w.WriteStartObject();
        w.WriteString("$schema", SchemaUri);
        w.WriteString("version", "2.1.0");
        w.WriteStartArray("runs");
        w.WriteStartObject();

        WriteTool(w, rules);
        WriteInvocation(w, report, context);

        w.WriteStartObject("originalUriBaseIds");
        w.WriteStartObject(SourceRoot);
        w.WriteString("uri", new Uri(EnsureTrailingSlash(context.WorkingDirectory)).AbsoluteUri);
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartArray("results");
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var f in report.Findings)
        {
            WriteResult(w, f, ruleIndex.TryGetValue(f.Policy, out var i) ? i : -1, context, seen, report.Baseline?.File);
        }

        w.WriteEndArray();
        w.WriteString("columnKind", "unicodeCodePoints");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteTool(Utf8JsonWriter w, IReadOnlyList<PolicyBinding> rules)
    {
        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", "AdmissionGuard");
        w.WriteString("informationUri", InformationUri);
        w.WriteString("version", ReportContext.ToolVersion);
        w.WriteString("semanticVersion", ReportContext.ToolVersion);
        w.WriteStartArray("rules");
        foreach (var binding in rules)
        {
            var descriptor = Descriptor(binding.Id);
            var help = descriptor.Help;
            w.WriteStartObject();
            w.WriteString("id", binding.Id);
            w.WriteString("name", help.Name);
            WriteMessage(w, "shortDescription", descriptor.Summary);
            WriteMessage(w, "fullDescription", help.Description);
            w.WriteStartObject("help");
            w.WriteString("text", MarkdownText.ToPlain(help.Markdown));
            w.WriteString("markdown", help.Markdown);
            w.WriteEndObject();
            w.WriteStartObject("defaultConfiguration");
            w.WriteBoolean("enabled", binding.Settings.Action != PolicyAction.Off);
            w.WriteString("level", DefaultLevel(binding));
            w.WriteEndObject();
            w.WriteStartObject("properties");
            w.WriteStartArray("tags");
            foreach (var tag in help.Tags)
            {
                w.WriteStringValue(tag);
            }

            w.WriteEndArray();
            w.WriteString("precision", "very-high");
            w.WriteString("problem.severity", ProblemSeverity(DefaultLevel(binding)));
            if (help.SecuritySeverity is { } severity)
            {
                w.WriteString("security-severity", severity);
            }

            w.WriteString("action", binding.Settings.Action.ToWire());
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The rule's text comes from the policy's descriptor; every loaded policy has one.</summary>
    private static PolicyDescriptor Descriptor(string id) =>
        PolicyCatalog.Find(id) ?? throw new InvalidDataException($"no descriptor for the loaded policy {id}");

    private static void WriteInvocation(Utf8JsonWriter w, CheckReport report, ReportContext context)
    {
        w.WriteStartArray("invocations");
        w.WriteStartObject();
        w.WriteBoolean("executionSuccessful", !report.HasErrors);
        w.WriteNumber("exitCode", context.ExitCode);
        w.WriteStartArray("toolExecutionNotifications");
        foreach (var e in report.Errors)
        {
            w.WriteStartObject();
            w.WriteString("level", "error");
            WriteMessage(w, "message", e.Message);
            if (e.File.Length > 0)
            {
                w.WriteStartArray("locations");
                w.WriteStartObject();
                WritePhysicalLocation(w, ArtifactUri(e.File, context), e.Line);
                w.WriteEndObject();
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static void WriteResult(Utf8JsonWriter w, ReportFinding f, int ruleIndex, ReportContext context, Dictionary<string, int> seen, string? baselineFile)
    {
        var o = f.Object;
        var uri = o.Source.IsStdin ? "stdin" : ArtifactUri(o.Source.FullPath ?? o.File, context);
        w.WriteStartObject();
        w.WriteString("ruleId", f.Policy);
        if (ruleIndex >= 0)
        {
            w.WriteNumber("ruleIndex", ruleIndex);
        }

        w.WriteString("level", Level(f.Result));
        var text = $"{o.Display}: {f.Message}";
        if (f.Path.Length > 0)
        {
            text += $" (at {f.Path})";
        }

        if (f.Fix.Length > 0)
        {
            text += $". Fix: {f.Fix}";
        }

        WriteMessage(w, "message", text);
        w.WriteStartArray("locations");
        w.WriteStartObject();
        WritePhysicalLocation(w, uri, o.FileLine);
        w.WriteStartArray("logicalLocations");
        w.WriteStartObject();
        w.WriteString("name", o.Name ?? string.Empty);
        w.WriteString("fullyQualifiedName", o.QualifiedName);
        w.WriteString("kind", "object");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();

        if (baselineFile is not null)
        {
            // A baselined finding is unchanged since the baseline and suppressed by it; the others are new.
            w.WriteString("baselineState", f.Baselined ? "unchanged" : "new");
            if (f.Baselined)
            {
                w.WriteStartArray("suppressions");
                w.WriteStartObject();
                w.WriteString("kind", "external");
                w.WriteString("status", "accepted");
                w.WriteString("justification", $"recorded in the baseline file {baselineFile}");
                w.WriteEndObject();
                w.WriteEndArray();
            }
        }

        if (f.Result == FindingResult.Skip)
        {
            w.WriteStartArray("suppressions");
            w.WriteStartObject();
            w.WriteString("kind", "external");
            w.WriteString("status", "accepted");
            w.WriteString("justification", f.Message);
            w.WriteEndObject();
            w.WriteEndArray();
        }

        w.WriteStartObject("partialFingerprints");
        w.WriteString("admissionGuardFinding/v1", Fingerprint(f, uri, seen));
        w.WriteEndObject();

        w.WriteStartObject("properties");
        w.WriteString("result", f.Result.ToWire());
        w.WriteString("apiVersion", o.ApiVersion);
        w.WriteString("kind", o.Kind);
        w.WriteNumber("document", o.Document);
        if (f.Path.Length > 0)
        {
            w.WriteString("path", f.Path);
        }

        if (f.Fix.Length > 0)
        {
            w.WriteString("fix", f.Fix);
        }

        if (o.Template is not null)
        {
            w.WriteString("template", o.Template);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WritePhysicalLocation(Utf8JsonWriter w, string uri, int line)
    {
        w.WriteStartObject("physicalLocation");
        w.WriteStartObject("artifactLocation");
        w.WriteString("uri", uri);
        if (uri != "stdin")
        {
            w.WriteString("uriBaseId", SourceRoot);
        }

        w.WriteEndObject();
        if (line > 0)
        {
            w.WriteStartObject("region");
            w.WriteNumber("startLine", line);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter w, string name, string text)
    {
        w.WriteStartObject(name);
        w.WriteString("text", text);
        w.WriteEndObject();
    }

    /// <summary>The file relative to the working directory, '/'-separated and percent-encoded per segment.</summary>
    private static string ArtifactUri(string path, ReportContext context)
    {
        if (path == ManifestSource.StdinName)
        {
            return "stdin";
        }

        var relative = Path.GetRelativePath(context.WorkingDirectory, Path.GetFullPath(path, context.WorkingDirectory));
        return string.Join('/', relative.Split(Path.DirectorySeparatorChar, '/').Select(Uri.EscapeDataString));
    }

    /// <summary>Stable across line moves: the rule, the file, the object, the field; numbered when several findings share them.</summary>
    private static string Fingerprint(ReportFinding f, string uri, Dictionary<string, int> seen)
    {
        var key = $"{f.Policy}|{uri}|{f.Object.QualifiedName}|{f.Object.ItemPath}|{f.Path}|{f.Result.ToWire()}";
        var n = seen.TryGetValue(key, out var count) ? count + 1 : 1;
        seen[key] = n;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
        return $"{hash}:{n}";
    }

    private static string Level(FindingResult result) => result switch
    {
        FindingResult.Deny => "error",
        FindingResult.Warn => "warning",
        _ => "note",
    };

    private static string DefaultLevel(PolicyBinding binding) => binding.Settings.Action switch
    {
        PolicyAction.Enforce when binding.Policy.Type == PolicyType.Validating => "error",
        PolicyAction.Warn => "warning",
        PolicyAction.Off => "none",
        _ => "note",
    };

    private static string ProblemSeverity(string level) => level switch
    {
        "error" => "error",
        "warning" => "warning",
        _ => "recommendation",
    };

    private static string EnsureTrailingSlash(string dir) =>
        dir.EndsWith(Path.DirectorySeparatorChar) ? dir : dir + Path.DirectorySeparatorChar;
}
