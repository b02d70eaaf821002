namespace AdmissionGuard.Core.Engine;

/// <summary>The result of one policy for one request, after its action was applied.</summary>
internal enum PolicyResultKind
{
    /// <summary>Evaluated; nothing to report.</summary>
    Pass,

    /// <summary>An enforced validation failed: the request is denied.</summary>
    Deny,

    /// <summary>A finding reported as an admission warning (action warn, advice, or an allowed existing violation).</summary>
    Warn,

    /// <summary>A finding recorded only (action audit).</summary>
    Audit,

    /// <summary>An enforced mutation produced a patch.</summary>
    Mutate,

    /// <summary>The object asked for exemption by annotation and the policy allows it.</summary>
    Exempt,

    /// <summary>An admin exclusion (namespace, name, user, group, service account) matched; not evaluated.</summary>
    Excluded,

    /// <summary>The object could not be read as its kind; the request is rejected.</summary>
    Error,

    /// <summary>A PolicyException in force matched: the policy's findings neither deny nor patch (reported as <c>skip</c>).</summary>
    Excepted,
}

internal static class PolicyResultKindNames
{
    /// <summary>The lower-case name used in logs, metrics, audit annotations and CLI output.</summary>
    public static string ToWire(this PolicyResultKind kind) => kind switch
    {
        PolicyResultKind.Pass => "pass",
        PolicyResultKind.Deny => "deny",
        PolicyResultKind.Warn => "warn",
        PolicyResultKind.Audit => "audit",
        PolicyResultKind.Mutate => "mutate",
        PolicyResultKind.Exempt => "exempt",
        PolicyResultKind.Excluded => "excluded",
        PolicyResultKind.Error => "error",
        PolicyResultKind.Excepted => "skip",
        _ => "unknown",
    };
}
