using AdmissionGuard.Testing;

namespace AdmissionGuard.Chart.Tests.Infrastructure;

/// <summary>Paths from the repository root (the directory holding AdmissionGuard.sln).</summary>
internal static class RepositoryLayout
{
    public static string Root => Repository.Root;

    public static string Chart => Path.Combine(Root, "charts", "admission-guard");

    public static string PoliciesDirectory => Path.Combine(Root, "policies");
}
