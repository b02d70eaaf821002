using AdmissionGuard.Testing;

namespace AdmissionGuard.Chart.Tests.Infrastructure;

/// <summary>The real Helm binaries that `make tools` fetches into .tools/helm3 and .tools/helm4.</summary>
internal static class Helm
{
    public const string ReleaseName = "guard";
    public const string Namespace = "admission-guard";

    /// <summary>fullname for <see cref="ReleaseName"/>: release name plus chart name.</summary>
    public const string FullName = "guard-admission-guard";

    public static string BinaryPath(HelmVersion version)
    {
        var path = Repository.Helm((int)version);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"{path} is missing. Run `make tools` from the repository root ({Repository.Root}): " +
                "the chart tests need the real Helm 3 and Helm 4 binaries.",
                path);
        }

        return path;
    }

    public static ProcessResult Run(HelmVersion version, params IEnumerable<string> arguments) =>
        ProcessRunner.Run(BinaryPath(version), arguments);

    /// <summary><c>helm template</c> of the chart as release <see cref="ReleaseName"/> in <see cref="Namespace"/>.</summary>
    public static ProcessResult Template(HelmVersion version, IEnumerable<string> valueArguments) =>
        Run(version, ["template", ReleaseName, Repository.Chart, "--namespace", Namespace, .. valueArguments]);

    public static ProcessResult Lint(HelmVersion version, IEnumerable<string> valueArguments) =>
        Run(version, ["lint", "--strict", Repository.Chart, "--namespace", Namespace, .. valueArguments]);
}
