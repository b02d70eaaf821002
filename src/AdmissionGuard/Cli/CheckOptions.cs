using AdmissionGuard.Cli.Rendering;

namespace AdmissionGuard.Cli;

/// <summary>The report formats of <c>check --output</c>.</summary>
internal enum OutputFormat
{
    /// <summary>For people: grouped by file and object, with a summary line.</summary>
    Text,

    /// <summary>One JSON document with every finding and a summary (docs/cli.md).</summary>
    Json,

    /// <summary>SARIF 2.1.0, for code scanning.</summary>
    Sarif,

    /// <summary>JUnit XML: a test case per object and policy.</summary>
    JUnit,

    /// <summary>GitHub Actions workflow commands: one annotation per finding, the summary as a notice.</summary>
    GitHub,
}

/// <summary>What makes the exit code 1.</summary>
internal enum FailOn
{
    /// <summary>Only an enforce-level validation denial.</summary>
    Deny,

    /// <summary>A denial or any warning.</summary>
    Warn,
}

/// <summary>The parsed command line of <c>check</c>.</summary>
internal sealed record CheckOptions
{
    public required IReadOnlyList<string> Paths { get; init; }

    /// <summary>Replaces the built-in policies; null for the defaults.</summary>
    public string? PoliciesDirectory { get; init; }

    public OutputFormat Output { get; init; } = OutputFormat.Text;

    public FailOn FailOn { get; init; } = FailOn.Deny;

    /// <summary>Write the mutated manifests (to standard output, or into the files with <see cref="InPlace"/>).</summary>
    public bool Fix { get; init; }

    public bool InPlace { get; init; }

    /// <summary><c>--chart DIR</c> and what to render it with; null without.</summary>
    public ChartRender? Chart { get; init; }

    /// <summary><c>--kustomize DIR...</c>, in order; empty without.</summary>
    public IReadOnlyList<string> Kustomize { get; init; } = [];

    /// <summary>An input without a single Kubernetes object is not an error.</summary>
    public bool AllowEmpty { get; init; }

    /// <summary><c>--applier</c>: the tool that applies the manifests.</summary>
    public Core.Admission.Applier? Applier { get; init; }

    /// <summary><c>--baseline FILE</c>: findings recorded there are reported as baselined and fail nothing.</summary>
    public string? Baseline { get; init; }

    /// <summary><c>--exceptions PATH</c>: PolicyExceptions (a file or a directory) honoured as the webhook honours them.</summary>
    public string? Exceptions { get; init; }

    /// <summary><c>--write-baseline FILE</c>: records today's findings there.</summary>
    public string? WriteBaseline { get; init; }
}

/// <summary>The parsed command line of <c>post-render</c>.</summary>
internal sealed record PostRenderOptions
{
    public string? PoliciesDirectory { get; init; }

    public FailOn FailOn { get; init; } = FailOn.Deny;

    /// <summary><c>--applier</c>: the tool that applies the post-rendered manifests (Helm unless said otherwise).</summary>
    public Core.Admission.Applier? Applier { get; init; }
}
