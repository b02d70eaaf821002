namespace AdmissionGuard.LoadGen.Compare;

/// <summary>
/// How to start one server: a command line with placeholders <c>{address}</c>, <c>{port}</c>,
/// <c>{health}</c>, <c>{cert}</c> and <c>{key}</c>, and the path reviews are posted to.
/// </summary>
/// <param name="FixedPort">The HTTPS port the server always takes (a peer that cannot be told one); null: a free port.</param>
/// <param name="ReadyUrlTemplate">Polled until it answers 200; placeholders <c>{port}</c> and <c>{health}</c>.</param>
internal sealed record ServerSpec(string Name, string CommandTemplate, string ReviewPath, int? FixedPort = null, string ReadyUrlTemplate = ServerSpec.HealthReadyz)
{
    public const string HealthReadyz = "http://127.0.0.1:{health}/readyz";

    public string Command(int port, int healthPort, string certFile, string keyFile) => CommandTemplate
        .Replace("{address}", "127.0.0.1", StringComparison.Ordinal)
        .Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{health}", healthPort.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{cert}", certFile, StringComparison.Ordinal)
        .Replace("{key}", keyFile, StringComparison.Ordinal);

    public Uri ReadyUrl(int port, int healthPort) => new(ReadyUrlTemplate
        .Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{health}", healthPort.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
}
