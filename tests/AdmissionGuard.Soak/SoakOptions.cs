using System.Globalization;

namespace AdmissionGuard.Soak;

/// <summary>What a soak run does, from its flags.</summary>
internal sealed record SoakOptions
{
    /// <summary>How long the load runs (--duration, e.g. 3m, 90s).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Concurrent clients (--connections); a quarter of them speak HTTP/2.</summary>
    public int Connections { get; init; } = 32;

    /// <summary>Time between two policy swaps (--policy-swap).</summary>
    public TimeSpan PolicySwapInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Time between two certificate swaps (--cert-swap).</summary>
    public TimeSpan CertificateSwapInterval { get; init; } = TimeSpan.FromSeconds(1.5);

    /// <summary>How long a client keeps a connection before opening a new one (new handshake, new certificate).</summary>
    public TimeSpan ConnectionLifetime { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Upper bound on requests per client, so that every loop ends even if time stood still.</summary>
    public long MaxRequestsPerClient { get; init; } = 5_000_000;

    /// <summary>Runs shorter than this report resource use but do not judge its growth (too few samples).</summary>
    public static readonly TimeSpan ShortestJudged = TimeSpan.FromSeconds(60);

    public static SoakOptions Parse(string[] args)
    {
        var options = new SoakOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--duration" => options with { Duration = ParseDuration(value) },
                "--connections" => options with { Connections = int.Parse(value, CultureInfo.InvariantCulture) },
                "--policy-swap" => options with { PolicySwapInterval = ParseDuration(value) },
                "--cert-swap" => options with { CertificateSwapInterval = ParseDuration(value) },
                _ => throw new ArgumentException($"unknown flag {args[i]} (--duration, --connections, --policy-swap, --cert-swap)"),
            };
            i++;
        }

        return options.Connections is < 1 or > 1000 ? throw new ArgumentException("--connections: 1 to 1000") : options;
    }

    /// <summary><c>90s</c>, <c>3m</c>, <c>500ms</c>, <c>1h</c>.</summary>
    public static TimeSpan ParseDuration(string text) =>
        text.EndsWith("ms", StringComparison.Ordinal) ? TimeSpan.FromMilliseconds(double.Parse(text[..^2], CultureInfo.InvariantCulture))
        : text.EndsWith('s') ? TimeSpan.FromSeconds(double.Parse(text[..^1], CultureInfo.InvariantCulture))
        : text.EndsWith('m') ? TimeSpan.FromMinutes(double.Parse(text[..^1], CultureInfo.InvariantCulture))
        : text.EndsWith('h') ? TimeSpan.FromHours(double.Parse(text[..^1], CultureInfo.InvariantCulture))
        : TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture));
}
