using AdmissionGuard.Testing;

namespace AdmissionGuard.Tests.Cli;

/// <summary>Where the tests find the built CLI, their fixtures, the corpus and the Helm binaries.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot => Repository.Root;

    /// <summary>The configuration this test assembly was built in (bin/&lt;Configuration&gt;/net10.0).</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>The CLI as built by the solution: the same binary users run.</summary>
    public static string CliDll => Path.Combine(RepositoryRoot, "src", "AdmissionGuard", "bin", Configuration, "net10.0", "admission-guard.dll");

    public static string Testdata => Path.Combine(RepositoryRoot, "tests", "AdmissionGuard.Tests", "Cli", "testdata");

    public static string Manifests => Path.Combine(Testdata, "manifests");

    public static string Other => Path.Combine(Testdata, "other");

    public static string Chart => Path.Combine(Testdata, "charts", "guarded");

    public static string Corpus => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "corpus"));

    public static string GitOpsCorpus => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "corpus-gitops"));

    /// <summary>Fetched by <c>make tools</c> (a dependency of <c>make test</c>).</summary>
    public static string Helm3 => Path.Combine(RepositoryRoot, ".tools", "helm3", "helm");

    public static string Helm4 => Path.Combine(RepositoryRoot, ".tools", "helm4", "helm");

    /// <summary>Fetched by <c>make tools</c>: renders kustomizations where neither kustomize nor kubectl is on PATH.</summary>
    public static string Kubectl => Path.Combine(RepositoryRoot, ".tools", "kubectl", "kubectl");

    public static string Helm4Plugin => Path.Combine(RepositoryRoot, "plugins", "admission-guard-post-renderer");

    public static string SarifSchema => Path.Combine(AppContext.BaseDirectory, "Cli", "Schemas", "sarif-schema-2.1.0.json");
}
