using System.Text;

namespace AdmissionGuard.LoadGen.Compare;

/// <summary>Ours beside a peer admission controller, measured in the same run, with the ratios ours/peer.</summary>
internal static class PeerTable
{
    public static string Build(ServerFigures ours, ServerFigures peer)
    {
        var sb = new StringBuilder();
        sb.AppendLine(SideBySideRows.Inv($"Beside {peer.Name} (one config-checksum rule; ours runs every built-in policy), same run, same load; {SideBySideRows.Agreement(peer)}"));
        sb.AppendLine();
        sb.AppendLine(SideBySideRows.Inv($"| measure | AdmissionGuard | {peer.Name} | ours/{peer.Name} |"));
        sb.AppendLine("|---|---:|---:|---:|");
        new SideBySideRows(sb, rightOverLeft: false).Servers(ours, peer);
        return sb.ToString();
    }
}
