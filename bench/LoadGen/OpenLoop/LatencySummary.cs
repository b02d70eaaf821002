namespace AdmissionGuard.LoadGen.OpenLoop;

/// <summary>Percentiles over every latency recorded (all kept, sorted; nearest rank).</summary>
internal sealed record LatencySummary(int Count, double MeanMs, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs)
{
    public static LatencySummary FromNanoseconds(long[] latencies)
    {
        if (latencies.Length == 0)
        {
            return new LatencySummary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var sorted = (long[])latencies.Clone();
        Array.Sort(sorted);
        double total = 0;
        foreach (var l in sorted)
        {
            total += l;
        }

        return new LatencySummary(
            sorted.Length,
            Ms(total / sorted.Length),
            Ms(Percentile(sorted, 0.50)),
            Ms(Percentile(sorted, 0.90)),
            Ms(Percentile(sorted, 0.99)),
            Ms(Percentile(sorted, 0.999)),
            Ms(sorted[^1]));
    }

    private static long Percentile(long[] sorted, double q)
    {
        var rank = (int)Math.Ceiling(q * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static double Ms(double nanoseconds) => nanoseconds / 1_000_000.0;
}
