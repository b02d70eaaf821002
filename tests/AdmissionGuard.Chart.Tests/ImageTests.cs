using System.Text.RegularExpressions;
using System.Xml.Linq;
using AdmissionGuard.Chart.Tests.Infrastructure;

namespace AdmissionGuard.Chart.Tests;

/// <summary>
/// The Dockerfile cannot be built here (no Docker engine), so what the chart and the build rely
/// on is checked against the files it copies and the chart that runs it.
/// </summary>
public sealed partial class ImageTests
{
    private static readonly string Dockerfile = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "Dockerfile"));
    private static readonly string Executable = Path.Combine(RepositoryLayout.Root, "src", "AdmissionGuard", "AdmissionGuard.csproj");

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
            Assert.Contains(Path.GetRelativePath(RepositoryLayout.Root, project).Replace('\\', '/'), copiedBeforeRestore);
        }
    }

    [Fact]
    public void The_build_copies_the_sources_and_the_policy_files_embedded_into_core()
    {
        var sources = Copies.Select(c => c.Source.TrimEnd('/')).ToHashSet();

        foreach (var project in ProjectClosure(Executable))
        {
            var directory = Path.GetRelativePath(RepositoryLayout.Root, Path.GetDirectoryName(project)!).Replace('\\', '/');
            Assert.Contains(sources, s => directory == s || directory.StartsWith(s + "/", StringComparison.Ordinal));

            // Files a project pulls in from outside its directory (Core embeds ../../policies/*.yaml).
            foreach (var include in XDocument.Load(project).Descendants().Select(e => e.Attribute("Include")?.Value).OfType<string>().Where(i => i.StartsWith("..", StringComparison.Ordinal) && !i.EndsWith(".csproj", StringComparison.Ordinal)))
            {
                var outside = Path.GetRelativePath(RepositoryLayout.Root, Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, Path.GetDirectoryName(include)!))).Replace('\\', '/');
                Assert.Contains(outside, sources);
            }
        }
    }

    [Fact]
    public void The_docker_ignore_file_keeps_what_the_build_copies()
    {
        var ignored = File.ReadAllLines(Path.Combine(RepositoryLayout.Root, ".dockerignore"))
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
        Assert.Matches(@"FROM mcr\.microsoft\.com/dotnet/aspnet:10\.0", runtime);
        Assert.True(RenderedChart.Of(ValueSet.Defaults).Container.Bool("securityContext.readOnlyRootFilesystem"));
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
}
