namespace AdmissionGuard.Testing;

/// <summary>
/// Where the tests find what they read in place: the repository root (the directory above the test
/// binaries that holds AdmissionGuard.sln), its folders and built outputs, the tools that
/// <c>make tools</c> fetches into <c>.tools</c>, and the shared corpora beside the repository.
/// </summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration this test assembly was built in (bin/&lt;Configuration&gt;/net10.0); the solution builds every project in it.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>The chart the tests render: charts/admission-guard.</summary>
    public static string Chart => Combine("charts", "admission-guard");

    /// <summary>The built-in policy files: policies/*.yaml.</summary>
    public static string Policies => Combine("policies");

    /// <summary>The policy fixtures: tests/AdmissionGuard.Core.Tests/Fixtures/&lt;policy&gt;/*.yaml.</summary>
    public static string Fixtures => Combine("tests", "AdmissionGuard.Core.Tests", "Fixtures");

    /// <summary>The Helm charts and manifests of <c>../shared/corpus</c>.</summary>
    public static string Corpus => Shared("corpus");

    /// <summary>The rendered GitOps repositories of <c>../shared/corpus-gitops</c>.</summary>
    public static string GitOpsCorpus => Shared("corpus-gitops");

    /// <summary>The Kubernetes tools of <c>make tools</c>: kubectl renders kustomizations where neither kustomize nor kubectl is on PATH.</summary>
    public static string Kubectl => Combine(".tools", "kubectl", "kubectl");

    /// <summary>A path below the root: <c>Combine("docs", "server.md")</c>.</summary>
    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>A path in <c>../shared</c>, beside the repository.</summary>
    public static string Shared(params string[] parts) => Path.GetFullPath(Path.Combine([Root, "..", "shared", .. parts]));

    /// <summary>The Helm 3 or Helm 4 binary of <c>make tools</c> (a dependency of <c>make test</c>).</summary>
    public static string Helm(int major) => Combine(".tools", $"helm{major}", "helm");

    /// <summary>An assembly of the solution as built: <c>&lt;project&gt;/bin/&lt;Configuration&gt;/net10.0/&lt;dll&gt;</c>.</summary>
    public static string Built(string project, string dll) => Combine(project, "bin", Configuration, "net10.0", dll);

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
