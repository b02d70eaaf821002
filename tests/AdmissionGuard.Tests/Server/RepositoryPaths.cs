using AdmissionGuard.Testing;

namespace AdmissionGuard.Tests.Server;

/// <summary>Files of the repository the tests read in place (policies/, examples/, docs/).</summary>
internal static class RepositoryPaths
{
    public static string Root => Repository.Root;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);
}
