using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace AdmissionGuard.Server.Hosting;

/// <summary>
/// <c>admission-guard serve</c>: parses the flags (each with an <c>ADMISSION_GUARD_*</c>
/// environment variable; a flag wins over the variable, the variable over the default) into
/// <see cref="ServerOptions"/> and runs the server until SIGTERM or Ctrl-C.
/// </summary>
internal static class ServeCommand
{
    public const string EnvPrefix = "ADMISSION_GUARD_";

    public static int Run(string[] args)
    {
        var defaults = new ServerOptions();
        var address = Flag("--address", "ADDRESS", "Address to listen on; * for every IPv4 and IPv6 address", defaults.Address, s => s);
        var port = Flag("--port", "PORT", "HTTPS port of /validate and /mutate", defaults.Port, ParsePort);
        var healthPort = Flag("--health-port", "HEALTH_PORT", "Plain-HTTP port of /healthz, /readyz and /metrics", defaults.HealthPort, ParsePort);
        var certFile = Flag<string?>("--tls-cert-file", "TLS_CERT_FILE", "PEM certificate (chain); reloaded when it changes. Without it a certificate is generated", null, s => s);
        var keyFile = Flag<string?>("--tls-key-file", "TLS_KEY_FILE", "PEM private key of --tls-cert-file", null, s => s);
        var certDir = Flag("--generated-cert-dir", "GENERATED_CERT_DIR", "Where a generated certificate is written (ca.crt, tls.crt, tls.key)", defaults.GeneratedCertDirectory, s => s);
        var policies = Flag<string?>("--policies", "POLICIES", "Policy directory replacing the built-in policies; reloaded when it changes", null, s => s);
        var maxBody = Flag("--max-request-body-bytes", "MAX_REQUEST_BODY_BYTES", "Largest AdmissionReview accepted (at least 6 MiB); larger gets 413", defaults.MaxRequestBodyBytes, ParseBodyLimit);
        var shutdownTimeout = Flag("--shutdown-timeout", "SHUTDOWN_TIMEOUT", "Time for in-flight reviews to finish on SIGTERM (e.g. 25s)", defaults.ShutdownTimeout, ParseDuration);
        var shutdownDelay = Flag("--shutdown-delay", "SHUTDOWN_DELAY", "Time /readyz answers 503 before the listeners close on SIGTERM", defaults.ShutdownDelay, ParseDuration);
        var reloadInterval = Flag("--reload-interval", "RELOAD_INTERVAL", "How often certificate files and policies are checked for changes", defaults.ReloadInterval, ParseDuration);
        var flux = Flag("--flux-decryption-lookup", "FLUX_DECRYPTION_LOOKUP", "In a cluster, trust Flux-applied Secrets whose Kustomization decrypts (needs list on Kustomizations)", false, ParseBool);
        var watchExceptions = Flag("--watch-exceptions", "WATCH_EXCEPTIONS", "Honour the cluster's PolicyExceptions, watched and kept in memory (needs list and watch on policyexceptions.admission-guard.io)", false, ParseBool);
        var backgroundScan = Flag<TimeSpan?>("--background-scan", "BACKGROUND_SCAN", "Scan the cluster this often and keep the OpenReports current, one replica at a time (a Lease); off or 0: never", null, ParseOptionalDuration);
        var kubeconfig = Flag<string?>("--kubeconfig", "KUBECONFIG", "Kubeconfig for the background scan and the exception watch when not in a pod (in a pod: its service account)", null, s => s);
        var leaseNamespace = Flag("--lease-namespace", "LEASE_NAMESPACE", "Namespace of the background scan's Lease (default: the pod's namespace)", defaults.LeaseNamespace, s => s);
        var logLevel = Flag("--log-level", "LOG_LEVEL", "Trace, Debug, Information, Warning or Error", defaults.LogLevel, ParseLogLevel);

        var serve = new Command("serve", "Serve the validating and mutating webhook over HTTPS");
        foreach (var option in new Option[] { address, port, healthPort, certFile, keyFile, certDir, policies, maxBody, shutdownTimeout, shutdownDelay, reloadInterval, flux, watchExceptions, backgroundScan, kubeconfig, leaseNamespace, logLevel })
        {
            serve.Options.Add(option);
        }

        var exitCode = 0;
        serve.SetAction(result =>
        {
            var options = new ServerOptions
            {
                Address = result.GetValue(address)!,
                Port = result.GetValue(port),
                HealthPort = result.GetValue(healthPort),
                TlsCertFile = result.GetValue(certFile),
                TlsKeyFile = result.GetValue(keyFile),
                GeneratedCertDirectory = result.GetValue(certDir)!,
                PoliciesDirectory = result.GetValue(policies),
                MaxRequestBodyBytes = result.GetValue(maxBody),
                ShutdownTimeout = result.GetValue(shutdownTimeout),
                ShutdownDelay = result.GetValue(shutdownDelay),
                ReloadInterval = result.GetValue(reloadInterval),
                FluxDecryptionLookup = result.GetValue(flux),
                WatchExceptions = result.GetValue(watchExceptions),
                BackgroundScan = result.GetValue(backgroundScan),
                Kubeconfig = result.GetValue(kubeconfig),
                LeaseNamespace = result.GetValue(leaseNamespace)!,
                LogLevel = result.GetValue(logLevel)!,
            };

            if ((options.TlsCertFile is null) != (options.TlsKeyFile is null))
            {
                Console.Error.WriteLine("admission-guard serve: --tls-cert-file and --tls-key-file go together");
                exitCode = 2;
                return;
            }

            exitCode = AdmissionServer.Run(options);
        });

        var root = new RootCommand("AdmissionGuard: Kubernetes admission webhook and manifest checker") { serve };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine($"admission-guard serve: {error.Message}");
            }

            Console.Error.WriteLine("Run 'admission-guard serve --help' for the options.");
            return 2;
        }

        var invoked = parsed.Invoke();
        return invoked != 0 ? invoked : exitCode;
    }

    private static Option<T> Flag<T>(string name, string env, string description, T fallback, Func<string, T> parse)
    {
        var variable = EnvPrefix + env;
        return new Option<T>(name)
        {
            Description = $"{description} [env: {variable}]",
            CustomParser = result => Parse(result, result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty, name, parse, fallback),
            DefaultValueFactory = result => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
                ? Parse(result, value, variable, parse, fallback)
                : fallback,
        };
    }

    private static T Parse<T>(ArgumentResult result, string text, string source, Func<string, T> parse, T fallback)
    {
        try
        {
            return parse(text);
        }
        catch (FormatException e)
        {
            result.AddError($"{source}: {e.Message}");
            return fallback;
        }
    }

    internal static int ParsePort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new FormatException($"'{text}' is not a port number (0-65535)");

    internal static long ParseBodyLimit(string text)
    {
        const long Minimum = 6 * 1024 * 1024;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes))
        {
            throw new FormatException($"'{text}' is not a number of bytes");
        }

        return bytes >= Minimum
            ? bytes
            : throw new FormatException($"{bytes} is below {Minimum} (6 MiB): a review carries object and oldObject");
    }

    /// <summary>Accepts <c>25s</c>, <c>500ms</c>, <c>2m</c>, <c>1h</c>, a plain number of seconds, or <c>hh:mm:ss</c>.</summary>
    internal static TimeSpan ParseDuration(string text)
    {
        var t = text.Trim();
        (string number, double scale) = t.EndsWith("ms", StringComparison.Ordinal) ? (t[..^2], 0.001)
            : t.EndsWith('s') ? (t[..^1], 1)
            : t.EndsWith('m') ? (t[..^1], 60)
            : t.EndsWith('h') ? (t[..^1], 3600)
            : (t, 1);
        if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return TimeSpan.FromSeconds(value * scale);
        }

        return TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero
            ? span
            : throw new FormatException($"'{text}' is not a duration (e.g. 25s, 500ms, 2m)");
    }

    /// <summary>A duration of at least a second, or <c>off</c>/<c>0</c> for none.</summary>
    internal static TimeSpan? ParseOptionalDuration(string text)
    {
        if (text.Trim() is "off" or "false" or "0" or "")
        {
            return null;
        }

        var value = ParseDuration(text);
        return value >= TimeSpan.FromSeconds(1) ? value : throw new FormatException($"'{text}' is shorter than a second");
    }

    /// <summary>A bare flag means true; <c>true/false/1/0</c> otherwise (the form an environment variable takes).</summary>
    internal static bool ParseBool(string text) => text.Trim().ToLowerInvariant() switch
    {
        "" or "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new FormatException($"'{text}' is not true or false"),
    };

    private static string ParseLogLevel(string text) =>
        Enum.TryParse<Microsoft.Extensions.Logging.LogLevel>(text, ignoreCase: true, out var level)
            ? level.ToString()
            : throw new FormatException($"'{text}' is not a log level (Trace, Debug, Information, Warning, Error)");
}
