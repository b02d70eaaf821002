using System.Text.RegularExpressions;
using System.Xml.Linq;
using AdmissionGuard.Chart.Tests.Infrastructure;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Chart.Tests;

/// <summary>
/// What the chart and the build rely on, read from the Dockerfile, the files it copies and the
/// chart that runs it. `make image-test` builds the image and runs it as the chart does; these
/// checks need no Docker engine.
/// </summary>
public sealed partial class ImageTests
{
    private static readonly string Dockerfile = File.ReadAllText(Repository.Combine("Dockerfile"));
    private static readonly string Executable = Repository.Combine("src", "AdmissionGuard", "AdmissionGuard.csproj");

    private static IEnumerable<(string Source, string Destination)> Copies =>
        CopyInstruction().Matches(Dockerfile).Select(m => (m.Groups["source"].Value, m.Groups["destination"].Value));

    [Fact]
    public void The_chart_runs_as_the_numeric_non_root_user_of_the_image()
    {
        var users = UserInstruction().Matches(Dockerfile).Select(m => m.Groups["user"].Value).ToList();

        var user = long.Parse(Assert.Single(users), System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotEqual(0, user);
        var pod = RenderedChart.Of(ValueSet.Defaults).Deployment.At("spec.template.spec.securityContext");
        Assert.Equal(user, pod.Int("runAsUser"));
    }

    [Fact]
    public void The_entry_point_is_the_executable_the_project_builds_and_serve_is_the_default_command()
    {
        var assemblyName = XDocument.Load(Executable).Descendants("AssemblyName").Single().Value;

        Assert.Contains($"ENTRYPOINT [\"/app/{assemblyName}\"]", Dockerfile, StringComparison.Ordinal);
        Assert.Contains("CMD [\"serve\"]", Dockerfile, StringComparison.Ordinal);
        Assert.Equal("serve", RenderedChart.Of(ValueSet.Defaults).Container.Strings("args")[0]);
    }

    [Fact]
    public void The_restore_layer_copies_every_project_file_the_executable_builds_from()
    {
        var restoreAt = Dockerfile.IndexOf("RUN dotnet restore", StringComparison.Ordinal);
        var copiedBeforeRestore = CopyInstruction().Matches(Dockerfile[..restoreAt]).Select(m => m.Groups["source"].Value).ToHashSet();

        Assert.Contains("Directory.Build.props", copiedBeforeRestore);
        foreach (var project in ProjectClosure(Executable))
        {
            Assert.Contains(Path.GetRelativePath(Repository.Root, project).Replace('\\', '/'), copiedBeforeRestore);
        }
    }

    [Fact]
    public void The_build_copies_the_sources_and_the_policy_files_embedded_into_core()
    {
        var sources = Copies.Select(c => c.Source.TrimEnd('/')).ToHashSet();

        foreach (var project in ProjectClosure(Executable))
        {
            var directory = Path.GetRelativePath(Repository.Root, Path.GetDirectoryName(project)!).Replace('\\', '/');
            Assert.Contains(sources, s => directory == s || directory.StartsWith(s + "/", StringComparison.Ordinal));

            // Files a project pulls in from outside its directory (Core embeds ../../policies/*.yaml).
            foreach (var include in XDocument.Load(project).Descendants().Select(e => e.Attribute("Include")?.Value).OfType<string>().Where(i => i.StartsWith("..", StringComparison.Ordinal) && !i.EndsWith(".csproj", StringComparison.Ordinal)))
            {
                var outside = Path.GetRelativePath(Repository.Root, Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, Path.GetDirectoryName(include)!))).Replace('\\', '/');
                Assert.Contains(outside, sources);
            }
        }
    }

    [Fact]
    public void The_docker_ignore_file_keeps_what_the_build_copies()
    {
        var ignored = File.ReadAllLines(Repository.Combine(".dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.TrimEnd('/')).ToHashSet();

        foreach (var (source, _) in Copies.Where(c => !c.Source.StartsWith("--", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain(source.TrimEnd('/'), ignored);
        }

        Assert.Contains("**/bin", ignored);
        Assert.Contains("**/obj", ignored);
    }

    [Fact]
    public void The_runtime_stage_disables_the_diagnostics_socket_for_a_read_only_root()
    {
        var runtime = Dockerfile[Dockerfile.LastIndexOf("FROM ", StringComparison.Ordinal)..];

        Assert.Contains("ENV DOTNET_EnableDiagnostics=0", runtime, StringComparison.Ordinal);
        Assert.True(RenderedChart.Of(ValueSet.Defaults).Container.Bool("securityContext.readOnlyRootFilesystem"));
    }

    [Fact]
    public void The_base_images_are_build_arguments_defaulting_to_the_official_sdk_and_chiseled_runtime()
    {
        var stages = FromInstruction().Matches(Dockerfile).Select(m => m.Groups["image"].Value).ToList();
        var arguments = GlobalArgInstruction().Matches(Dockerfile[..Dockerfile.IndexOf("FROM ", StringComparison.Ordinal)])
            .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["default"].Value);

        Assert.Equal(["${SDK_IMAGE}", "${RUNTIME_IMAGE}"], stages);
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", arguments["SDK_IMAGE"]);
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled", arguments["RUNTIME_IMAGE"]);
    }

    [Fact]
    public void The_build_pulls_no_image_but_its_two_base_images()
    {
        // A `# syntax=` directive makes BuildKit pull a Dockerfile frontend image: a third image a
        // mirror would have to carry, and one an air-gapped build cannot reach.
        Assert.DoesNotMatch(@"(?im)^#\s*syntax\s*=", Dockerfile);
        Assert.All(CopyFromInstruction().Matches(Dockerfile), m => Assert.Equal("build", m.Groups["stage"].Value));
    }

    /// <summary>The project and every project it references, transitively.</summary>
    private static IReadOnlyList<string> ProjectClosure(string project)
    {
        var seen = new List<string>();
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var current))
        {
            if (seen.Contains(current))
            {
                continue;
            }

            seen.Add(current);
            foreach (var reference in XDocument.Load(current).Descendants("ProjectReference"))
            {
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, reference.Attribute("Include")!.Value)));
            }
        }

        return seen;
    }

    [GeneratedRegex(@"^COPY (?!--from)(?<source>\S+) (?<destination>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex CopyInstruction();

    [GeneratedRegex(@"^USER (?<user>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex UserInstruction();

    [GeneratedRegex(@"^FROM (?:--platform=\S+ )?(?<image>\S+)", RegexOptions.Multiline)]
    private static partial Regex FromInstruction();

    [GeneratedRegex(@"^ARG (?<name>\w+)=(?<default>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex GlobalArgInstruction();

    [GeneratedRegex(@"^COPY --from=(?<stage>\S+) ", RegexOptions.Multiline)]
    private static partial Regex CopyFromInstruction();
}
