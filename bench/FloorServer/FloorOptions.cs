using System.Globalization;
using System.Net;

namespace AdmissionGuard.FloorServer;

/// <summary>Command-line options, spelled as <c>admission-guard serve</c> spells them.</summary>
internal sealed record FloorOptions
{
    public IPAddress Address { get; init; } = IPAddress.Loopback;
    public int Port { get; init; } = 8443;
    public int HealthPort { get; init; } = 8080;
    public string? CertFile { get; init; }
    public string? KeyFile { get; init; }

    public static FloorOptions Parse(string[] args)
    {
        var options = new FloorOptions();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            options = args[i] switch
            {
                "--address" => options with { Address = IPAddress.Parse(value) },
                "--port" => options with { Port = int.Parse(value, CultureInfo.InvariantCulture) },
                "--health-port" => options with { HealthPort = int.Parse(value, CultureInfo.InvariantCulture) },
                "--tls-cert-file" => options with { CertFile = value },
                "--tls-key-file" => options with { KeyFile = value },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        if (options.CertFile is null || options.KeyFile is null)
        {
            throw new ArgumentException("--tls-cert-file and --tls-key-file are required");
        }

        return options;
    }
}
