namespace AdmissionGuard.Cli;

/// <summary>The exit codes of <c>check</c> and <c>post-render</c> (docs/cli.md).</summary>
internal static class ExitCodes
{
    /// <summary>No enforce-level denial: clean, or warnings, audit findings and mutations only.</summary>
    public const int Clean = 0;

    /// <summary>An enforce-level validation failed (with <c>--fail-on warn</c>: also any warning).</summary>
    public const int PolicyFailure = 1;

    /// <summary>Usage error, unreadable input (missing file, syntax error) or invalid policy files.</summary>
    public const int Usage = 2;
}
