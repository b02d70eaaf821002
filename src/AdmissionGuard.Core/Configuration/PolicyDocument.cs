namespace AdmissionGuard.Core.Configuration;

/// <summary>
/// One GuardPolicy document as read from YAML, before validation. Fields keep the YAML's text
/// (an unknown action stays a string) so that the validators can say what is wrong with it;
/// <see cref="Lines"/> knows where each field was written.
/// </summary>
internal sealed class PolicyDocument(string file, int line)
{
    public string File { get; } = file;

    /// <summary>The line the document starts on; errors about missing fields point here.</summary>
    public int Line { get; } = line;

    public FieldLines Lines { get; } = new(line);

    /// <summary>
    /// Fields the reader already reported as malformed. The validators would only repeat the
    /// point ("kinds: expected a list" then "at least one kind is required"), so their findings
    /// at or under these fields are dropped.
    /// </summary>
    public HashSet<string> ReportedFields { get; } = new(StringComparer.Ordinal);

    public bool WasReported(string field)
    {
        foreach (var reported in ReportedFields)
        {
            if (field.StartsWith(reported, StringComparison.Ordinal)
                && (field.Length == reported.Length || field[reported.Length] is '.' or '['))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>False when the document is not a mapping at all (already reported; nothing to validate).</summary>
    public bool IsMapping { get; set; } = true;

    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public PolicyMetadataPart? Metadata { get; set; }

    public PolicySpecPart? Spec { get; set; }

    /// <summary>Set for a GuardSettings document (the policy set's own settings) instead of a GuardPolicy.</summary>
    public PolicySetSettings? Settings { get; set; }
}

internal sealed class PolicyMetadataPart
{
    /// <summary>The policy id.</summary>
    public string? Name { get; set; }
}

internal sealed class PolicySpecPart
{
    public string? Action { get; set; }

    public PolicyMatchPart? Match { get; set; }

    public PolicyExcludePart Exclude { get; set; } = new();

    public bool AllowExistingViolations { get; set; }

    public bool AllowObjectExemption { get; set; }

    /// <summary>The policy's parameter record (defaults where the file is silent); null for an unknown policy.</summary>
    public BoundParameters? Parameters { get; set; }
}

internal sealed class PolicyMatchPart
{
    public List<string> Kinds { get; set; } = [];
}

internal sealed class PolicyExcludePart
{
    public List<string> Namespaces { get; set; } = [];

    public List<string> Names { get; set; } = [];

    public List<string> Users { get; set; } = [];

    public List<string> Groups { get; set; } = [];

    public List<string> ServiceAccounts { get; set; } = [];
}
