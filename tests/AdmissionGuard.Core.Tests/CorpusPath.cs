using AdmissionGuard.Testing;

namespace AdmissionGuard.Core.Tests;

/// <summary>Finds <c>../shared/corpus</c> from the repository root, read in place.</summary>
internal static class CorpusPath
{
    public static string RepositoryRoot => Repository.Root;

    public static string Directory => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "corpus"));
}
