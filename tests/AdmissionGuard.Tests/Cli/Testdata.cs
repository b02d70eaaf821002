using AdmissionGuard.Testing;

namespace AdmissionGuard.Tests.Cli;

/// <summary>The CLI tests' own inputs, read in place: tests/AdmissionGuard.Tests/Cli/testdata.</summary>
internal static class Testdata
{
    public static string Directory => Repository.Combine("tests", "AdmissionGuard.Tests", "Cli", "testdata");

    public static string Manifests => Path.Combine(Directory, "manifests");

    public static string Other => Path.Combine(Directory, "other");

    /// <summary>A small chart whose templates break every policy (charts/guarded).</summary>
    public static string Chart => Path.Combine(Directory, "charts", "guarded");
}
