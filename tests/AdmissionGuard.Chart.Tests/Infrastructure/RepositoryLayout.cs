namespace AdmissionGuard.Chart.Tests.Infrastructure;

/// <summary>Paths from the repository root (the directory holding AdmissionGuard.sln).</summary>
internal static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static string Chart => Path.Combine(Root, "charts", "admission-guard");

    public static string PoliciesDirectory => Path.Combine(Root, "policies");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AdmissionGuard.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("AdmissionGuard.sln not found above " + AppContext.BaseDirectory);
    }
}
