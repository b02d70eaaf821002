namespace AdmissionGuard.Core.Policies;

/// <summary>
/// What reports and <c>--help</c> say about a policy beyond its findings. SARIF rules carry all
/// of it, and code scanning shows it next to every alert.
/// </summary>
/// <param name="Name">PascalCase name (SARIF <c>rule.name</c>).</param>
/// <param name="Summary">One sentence: what the policy requires.</param>
/// <param name="Description">A paragraph: what it checks and what satisfies it.</param>
/// <param name="Markdown">Why it matters and how to fix it, in Markdown; the plain-text help is derived from it.</param>
/// <param name="Tags">SARIF tags.</param>
/// <param name="SecuritySeverity">SARIF <c>security-severity</c> (CVSS-like, 0-10) for security policies; null otherwise.</param>
public sealed record PolicyHelp(
    string Name,
    string Summary,
    string Description,
    string Markdown,
    IReadOnlyList<string> Tags,
    string? SecuritySeverity = null);
