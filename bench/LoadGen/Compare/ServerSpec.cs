namespace AdmissionGuard.LoadGen.Compare;

/// <summary>
/// How to start one server: a command line with placeholders <c>{address}</c>, <c>{port}</c>,
/// <c>{health}</c>, <c>{cert}</c> and <c>{key}</c>, and the path reviews are posted to.
/// </summary>
internal sealed record ServerSpec(string Name, string CommandTemplate, string ReviewPath)
{
    public string Command(int port, int healthPort, string certFile, string keyFile) => CommandTemplate
        .Replace("{address}", "127.0.0.1", StringComparison.Ordinal)
        .Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{health}", healthPort.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{cert}", certFile, StringComparison.Ordinal)
        .Replace("{key}", keyFile, StringComparison.Ordinal);
}
