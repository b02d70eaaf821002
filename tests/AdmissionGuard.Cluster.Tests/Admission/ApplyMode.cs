namespace AdmissionGuard.Cluster.Tests.Admission;

/// <summary>How kubectl applies: client-side (create), server-side (apply patch), or a server-side dry run.</summary>
public enum ApplyMode
{
    ClientSide,
    ServerSide,
    DryRunServer,
}

internal static class ApplyModes
{
    /// <summary>The field manager kubectl sends when none is given.</summary>
    public static string DefaultManager(this ApplyMode mode) => mode == ApplyMode.ServerSide ? "kubectl" : "kubectl-client-side-apply";

    public static string[] Arguments(this ApplyMode mode) => mode switch
    {
        ApplyMode.ServerSide => ["--server-side"],
        ApplyMode.DryRunServer => ["--dry-run=server"],
        _ => [],
    };

    public static string Slug(this ApplyMode mode) => mode switch
    {
        ApplyMode.ServerSide => "ssa",
        ApplyMode.DryRunServer => "dry",
        _ => "csa",
    };
}
