using AdmissionGuard.Chart.Tests.Infrastructure;

namespace AdmissionGuard.Chart.Tests;

public sealed class LintTests
{
    public static TheoryData<HelmVersion, string> VersionsAndValueSets => BothHelms.Rows(
        new[] { ValueSet.Defaults, ValueSet.ExistingTlsSecret, ValueSet.PodsAndReplicaSets, ValueSet.OnlyHookDeadline, ValueSet.Kubernetes129, ValueSet.FluxLookup, ValueSet.BackgroundScan, ValueSet.Tuned }.Select(set => set.Name));

    [Theory]
    [MemberData(nameof(VersionsAndValueSets))]
    public void Lints_strictly(HelmVersion version, string valueSet)
    {
        var result = Helm.Lint(version, ValueSet.Named(valueSet).Arguments);

        Assert.True(result.Succeeded, $"helm lint --strict ({version}, {valueSet}): {result}");
        Assert.Contains("0 chart(s) failed", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ValueSetNames))]
    public void Helm_3_and_Helm_4_render_the_same_manifests(string valueSet)
    {
        var helm3 = RenderedChart.Of(valueSet, HelmVersion.Helm3);
        var helm4 = RenderedChart.Of(valueSet, HelmVersion.Helm4);

        Assert.Equal(helm3.Documents.Count, helm4.Documents.Count);
        Assert.Equal(
            helm3.Documents.Select(d => d.ToJsonString()).Order(StringComparer.Ordinal),
            helm4.Documents.Select(d => d.ToJsonString()).Order(StringComparer.Ordinal));
    }

    public static TheoryData<string> ValueSetNames => ValueSet.Names;
}
