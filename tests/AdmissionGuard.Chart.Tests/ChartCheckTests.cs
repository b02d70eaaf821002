using System.Text.Json;
using AdmissionGuard.Chart.Tests.Infrastructure;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Chart.Tests;

/// <summary>
/// The chart follows the product's own policies: <c>helm template charts/admission-guard |
/// admission-guard check -</c> reports no denial. The CLI runs as a process, from the build
/// output the test project references.
/// </summary>
public sealed class ChartCheckTests
{
    private static (ProcessResult Result, JsonElement Summary) Check(string manifests)
    {
        // The dotnet host `dotnet test` runs on, or ADMISSION_GUARD_EXECUTABLE.
        var (fileName, arguments) = ChildProcess.AdmissionGuard(ChildProcess.AdmissionGuardDll, ["check", "--output", "json", "-"]);
        var result = ProcessRunner.Run(fileName, arguments, manifests);
        try
        {
            using var report = JsonDocument.Parse(result.Stdout);
            return (result, report.RootElement.GetProperty("summary").Clone());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new Xunit.Sdk.XunitException($"admission-guard check --output json printed no JSON report ({e.Message}): {result}");
        }
    }

    [Theory]
    [InlineData("defaults")]
    [InlineData("pods-and-replicasets")]
    [InlineData("existing-tls-secret")]
    [InlineData("flux-lookup")]
    [InlineData("kubernetes-1.29")]
    public void The_rendered_chart_passes_admission_guard_check(string valueSet)
    {
        var chart = RenderedChart.Of(valueSet);

        var (result, summary) = Check(chart.Text);

        Assert.True(result.ExitCode == 0, $"admission-guard check on the chart ({valueSet}): {result}");
        Assert.Equal(0, summary.GetProperty("deny").GetInt32());
        Assert.Equal(0, summary.GetProperty("warn").GetInt32());
        Assert.Equal(0, summary.GetProperty("errors").GetInt32());
        Assert.Equal(chart.Documents.Count, summary.GetProperty("objects").GetInt32());
    }

    [Fact]
    public void The_same_check_denies_the_violating_example_the_notes_show()
    {
        // Proves the check above evaluated the objects: the identical invocation denies a hook
        // Job without a deadline.
        var hookJob = HookJobManifest.Yaml("admission-guard-demo", "default");

        var (result, summary) = Check(hookJob);

        Assert.Equal(1, result.ExitCode);
        Assert.True(summary.GetProperty("deny").GetInt32() >= 1, result.ToString());
    }
}
