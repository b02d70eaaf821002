using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace AdmissionGuard.LoadGen.Compare;

/// <summary>One shared framework a framework-dependent app runs on, as installed here.</summary>
internal sealed record SharedFramework(string Name, string Version, long Bytes);

/// <summary>
/// What each build puts on disk. The publish directory as written; and what an image has to carry
/// beyond the base system both need (glibc, OpenSSL, CA certificates): for the ReadyToRun build
/// its publish directory plus the shared .NET and ASP.NET Core runtimes its runtimeconfig.json
/// names, measured from the installed runtime directories; for Native AOT the executable alone.
/// </summary>
internal sealed record DeploymentSizes(long ReadyToRunPublishBytes, long AotPublishBytes, long AotExecutableBytes, IReadOnlyList<SharedFramework> Frameworks)
{
    public long ReadyToRunImageBytes => ReadyToRunPublishBytes + Frameworks.Sum(f => f.Bytes);

    /// <param name="executableName">The file in <paramref name="aotPublish"/> that is the program (the rest is symbols).</param>
    public static DeploymentSizes Measure(string readyToRunPublish, string aotPublish, string executableName)
    {
        var runtimeConfig = Directory.GetFiles(readyToRunPublish, "*.runtimeconfig.json").SingleOrDefault()
            ?? throw new InvalidOperationException($"no runtimeconfig.json in {readyToRunPublish}: not a framework-dependent publish");
        var frameworks = Requested(runtimeConfig).Select(Installed).ToList();
        return new DeploymentSizes(DirectoryBytes(readyToRunPublish), DirectoryBytes(aotPublish), new FileInfo(Path.Combine(aotPublish, executableName)).Length, frameworks);
    }

    private static IEnumerable<(string Name, string Version)> Requested(string runtimeConfig)
    {
        var options = JsonNode.Parse(File.ReadAllText(runtimeConfig))!["runtimeOptions"]!;
        var list = options["frameworks"]?.AsArray().Select(f => f!) ?? (options["framework"] is { } single ? [single] : []);
        return list.Select(f => ((string)f["name"]!, (string)f["version"]!));
    }

    /// <summary>
    /// The version the host would pick by default (roll forward to the highest installed patch of
    /// the same major.minor) under the dotnet root this process runs from.
    /// </summary>
    private static SharedFramework Installed((string Name, string Version) framework)
    {
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } r
            ? r
            : Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var requested = Version.Parse(framework.Version.Split('-')[0]);
        var candidates = Directory.Exists(Path.Combine(root, "shared", framework.Name))
            ? Directory.GetDirectories(Path.Combine(root, "shared", framework.Name))
            : [];
        var chosen = candidates
            .Select(d => (Dir: d, Ok: Version.TryParse(Path.GetFileName(d), out var v), Version: v))
            .Where(c => c.Ok && c.Version!.Major == requested.Major && c.Version.Minor == requested.Minor && c.Version >= requested)
            .OrderByDescending(c => c.Version)
            .FirstOrDefault();
        return chosen.Dir is null
            ? throw new InvalidOperationException($"{framework.Name} {framework.Version} is not installed under {root}/shared")
            : new SharedFramework(framework.Name, chosen.Version!.ToString(), DirectoryBytes(chosen.Dir));
    }

    private static long DirectoryBytes(string directory) =>
        new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    public string DescribeFrameworks() =>
        string.Join(", ", Frameworks.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Name} {f.Version} {f.Bytes / (1024.0 * 1024.0):F1} MB")));
}
