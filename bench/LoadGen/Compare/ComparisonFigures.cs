namespace AdmissionGuard.LoadGen.Compare;

/// <summary>What one comparison run measured, per server; the peer and the AOT build only when they ran.</summary>
internal sealed record ComparisonFigures(ServerFigures Ours, ServerFigures Floor, ServerFigures? Peer, ServerFigures? Aot);
