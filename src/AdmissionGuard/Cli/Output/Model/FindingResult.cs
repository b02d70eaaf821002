namespace AdmissionGuard.Cli.Output;

/// <summary>
/// What a reported finding means for the object (the <c>result</c> of the JSON report): the
/// engine's verdict in the report's words, one for one except that an honoured exemption and a
/// note are warnings the user reads like any other (docs/engine.md, "Results as data").
/// </summary>
internal enum FindingResult
{
    /// <summary>An enforce-level validation failed: the API server would reject the object.</summary>
    Deny,

    /// <summary>Allowed with a warning (action warn, advice, an honoured exemption).</summary>
    Warn,

    /// <summary>Recorded only (action audit).</summary>
    Audit,

    /// <summary>A change the mutating policies make (what <c>--fix</c> writes).</summary>
    Mutate,

    /// <summary>Excepted by a PolicyException in force: reported, naming it and its expiry; fails nothing.</summary>
    Skip,
}

internal static class FindingResultNames
{
    /// <summary>The report's word for a verdict.</summary>
    public static FindingResult Of(VerdictOutcome outcome) => outcome switch
    {
        VerdictOutcome.Deny => FindingResult.Deny,
        VerdictOutcome.Audit => FindingResult.Audit,
        VerdictOutcome.Mutate => FindingResult.Mutate,
        VerdictOutcome.Excepted => FindingResult.Skip,
        _ => FindingResult.Warn,
    };

    public static string ToWire(this FindingResult result) => result switch
    {
        FindingResult.Deny => "deny",
        FindingResult.Warn => "warn",
        FindingResult.Audit => "audit",
        FindingResult.Skip => "skip",
        _ => "mutate",
    };
}
