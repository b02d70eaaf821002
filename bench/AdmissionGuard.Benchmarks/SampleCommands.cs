using System.Globalization;
using AdmissionGuard.Benchmarks.Samples;
using AdmissionGuard.Core.Admission;

namespace AdmissionGuard.Benchmarks;

/// <summary>Commands besides the benchmarks: list the samples with their decisions, write them to files.</summary>
internal static class SampleCommands
{
    /// <summary>Prints each sample's size and what the default policies decide (through the codec, as served), to show the benchmarks measure real work.</summary>
    public static int List(TextWriter output)
    {
        var engine = DefaultEngine.Create();
        output.WriteLine("| sample | webhook | review bytes | object bytes | allowed | status | warnings | patch ops |");
        output.WriteLine("|---|---|---:|---:|---|---:|---:|---:|");
        foreach (var sample in ReviewSamples.All)
        {
            using var request = AdmissionReviewReader.Read(sample.ReviewBytes).Request;
            var decision = AdmissionAnswer.For(engine.Evaluate(request, sample.Webhook));
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {sample.Name} | {sample.Webhook} | {sample.ReviewBytes.Length} | {sample.ObjectBytes.Length} | {decision.Allowed} | {decision.StatusCode} | {decision.Warnings.Count} | {decision.Patch.Count} |"));
        }

        return 0;
    }

    /// <summary>Writes each review as <c>DIR/&lt;name&gt;.json</c> (what the load tests send).</summary>
    public static int Write(string directory, TextWriter output)
    {
        Directory.CreateDirectory(directory);
        foreach (var sample in ReviewSamples.All)
        {
            var path = Path.Combine(directory, sample.Name + ".json");
            File.WriteAllBytes(path, sample.ReviewBytes);
            output.WriteLine($"{path} ({sample.ReviewBytes.Length} bytes)");
        }

        return 0;
    }
}
