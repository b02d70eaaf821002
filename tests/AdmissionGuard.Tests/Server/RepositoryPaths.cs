namespace AdmissionGuard.Tests.Server;

/// <summary>Files of the repository the tests read in place (policies/, examples/, docs/).</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

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
