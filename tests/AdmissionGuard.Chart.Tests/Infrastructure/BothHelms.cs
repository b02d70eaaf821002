namespace AdmissionGuard.Chart.Tests.Infrastructure;

/// <summary>The rows of a theory the chart must pass under Helm 3 and Helm 4: every case under each version.</summary>
internal static class BothHelms
{
    public static readonly HelmVersion[] Versions = [HelmVersion.Helm3, HelmVersion.Helm4];

    public static TheoryData<HelmVersion, T> Rows<T>(IEnumerable<T> cases)
    {
        var data = new TheoryData<HelmVersion, T>();
        foreach (var version in Versions)
        {
            foreach (var item in cases)
            {
                data.Add(version, item);
            }
        }

        return data;
    }

    public static TheoryData<HelmVersion, T1, T2> Rows<T1, T2>(IEnumerable<(T1, T2)> cases)
    {
        var data = new TheoryData<HelmVersion, T1, T2>();
        foreach (var version in Versions)
        {
            foreach (var (first, second) in cases)
            {
                data.Add(version, first, second);
            }
        }

        return data;
    }
}
