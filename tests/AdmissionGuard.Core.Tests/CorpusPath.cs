namespace AdmissionGuard.Core.Tests;

/// <summary>Finds <c>../shared/corpus</c> from the repository root, read in place.</summary>
internal static class CorpusPath
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Directory => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "corpus"));

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
