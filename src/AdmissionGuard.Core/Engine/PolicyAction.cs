namespace AdmissionGuard.Core.Engine;

/// <summary>What the engine does with a policy's findings.</summary>
internal enum PolicyAction
{
    /// <summary>Validations deny; mutations patch.</summary>
    Enforce,

    /// <summary>Allow with an admission warning; a mutation only says what it would add.</summary>
    Warn,

    /// <summary>Allow; record in logs, metrics and audit annotations only.</summary>
    Audit,

    /// <summary>Not evaluated.</summary>
    Off,
}

internal static class PolicyActionNames
{
    /// <summary>The lower-case name used in policy files, logs, metrics and CLI output.</summary>
    public static string ToWire(this PolicyAction action) => action switch
    {
        PolicyAction.Enforce => "enforce",
        PolicyAction.Warn => "warn",
        PolicyAction.Audit => "audit",
        PolicyAction.Off => "off",
        _ => "unknown",
    };
}
