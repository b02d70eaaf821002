namespace AdmissionGuard.Testing;

/// <summary>The repository root: the directory above the test binaries that holds AdmissionGuard.sln.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

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
