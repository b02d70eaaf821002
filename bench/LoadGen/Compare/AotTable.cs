using System.Text;

namespace AdmissionGuard.LoadGen.Compare;

/// <summary>The same executable published ReadyToRun (what ships) and Native AOT, measured in the same run, with the ratios AOT/R2R.</summary>
internal static class AotTable
{
    public static string Build(ServerFigures readyToRun, ServerFigures aot, DeploymentSizes? sizes)
    {
        var sb = new StringBuilder();
        sb.AppendLine("Native AOT against ReadyToRun: the same executable published both ways, same run, same start-ups, warm-up and saturation rounds (not the fixed rates); "
            + SideBySideRows.Agreement(aot));
        sb.AppendLine();
        sb.AppendLine("| measure | ReadyToRun | Native AOT | AOT/R2R |");
        sb.AppendLine("|---|---:|---:|---:|");
        var rows = new SideBySideRows(sb, rightOverLeft: true);
        rows.Servers(readyToRun, aot);
        if (sizes is not null)
        {
            rows.Row("publish directory (MB)", sizes.ReadyToRunPublishBytes / SideBySideRows.Megabyte, sizes.AotPublishBytes / SideBySideRows.Megabyte, "F1");
            rows.Row("what an image carries beyond its base system (MB)", sizes.ReadyToRunImageBytes / SideBySideRows.Megabyte, sizes.AotExecutableBytes / SideBySideRows.Megabyte, "F1");
            sb.AppendLine();
            sb.AppendLine(SideBySideRows.Inv($"Image payload: ReadyToRun is its publish directory plus the shared runtimes it names ({sizes.DescribeFrameworks()}); Native AOT is the executable alone (its publish directory also holds the `.dbg` symbols, which an image leaves out). Both need the same base system (glibc, OpenSSL, CA certificates)."));
        }

        return sb.ToString();
    }
}
