using System.Text.Json;

namespace AdmissionGuard.LoadGen.Compare;

/// <summary>One BenchmarkDotNet result: mean time and bytes allocated per operation.</summary>
internal sealed record EngineFigure(string Type, string Method, string Sample, double MeanNs, long AllocatedBytes);

/// <summary>Reads BenchmarkDotNet's JSON reports (<c>--exporters json</c>) from its results folder.</summary>
internal static class EngineFigures
{
    public static IReadOnlyList<EngineFigure> Read(string resultsDirectory)
    {
        var figures = new List<EngineFigure>();
        if (!Directory.Exists(resultsDirectory))
        {
            return figures;
        }

        foreach (var file in Directory.EnumerateFiles(resultsDirectory, "*-report-full-compressed.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            foreach (var b in doc.RootElement.GetProperty("Benchmarks").EnumerateArray())
            {
                if (b.GetProperty("Statistics").ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var parameters = b.GetProperty("Parameters").GetString() ?? string.Empty;
                var sample = parameters.StartsWith("Sample=", StringComparison.Ordinal) ? parameters["Sample=".Length..] : parameters;
                figures.Add(new EngineFigure(
                    b.GetProperty("Type").GetString() ?? string.Empty,
                    b.GetProperty("Method").GetString() ?? string.Empty,
                    sample,
                    b.GetProperty("Statistics").GetProperty("Mean").GetDouble(),
                    b.GetProperty("Memory").GetProperty("BytesAllocatedPerOperation").GetInt64()));
            }
        }

        return figures;
    }
}
