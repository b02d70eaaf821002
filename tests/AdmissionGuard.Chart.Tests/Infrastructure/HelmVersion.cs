namespace AdmissionGuard.Chart.Tests.Infrastructure;

/// <summary>The Helm major versions the chart supports; `make tools` puts each under .tools/.</summary>
public enum HelmVersion
{
    Helm3 = 3,
    Helm4 = 4,
}
