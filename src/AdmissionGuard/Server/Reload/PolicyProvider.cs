using System.Security.Cryptography;
using AdmissionGuard.Core.Configuration;
using AdmissionGuard.Core.Policies;
using AdmissionGuard.Server.Hosting;
using AdmissionGuard.Server.Monitoring;

using AdmissionGuard.Server.Logging;

namespace AdmissionGuard.Server.Reload;

/// <summary>
/// The policy engine in force. Built from the built-in policies or a directory; a directory is
/// reloaded when its content changes: a valid set is swapped in with one reference write, so
/// every review sees either the old engine or the new one, never a mix; an invalid set leaves
/// the last good one in force, and is logged and counted. Readiness is not affected by reloads.
/// </summary>
internal sealed class PolicyProvider(
    ServerOptions options,
    PolicyServices services,
    Core.Exceptions.IExceptionSource exceptions,
    AdmissionMetrics metrics,
    ReadinessState readiness,
    ILogger<PolicyProvider> logger)
    : IDisposable
{
    private PolicyEngine? engine;
    private byte[]? lastAttempt;
    private ChangeMonitor? monitor;

    /// <summary>Set instead of loading files (tests, embedding): served as is and never reloaded.</summary>
    public PolicySet? FixedPolicies { get; init; }

    /// <summary>The engine to evaluate a review with; read once per review.</summary>
    public PolicyEngine Current => Volatile.Read(ref engine) ?? throw new InvalidOperationException("policies not loaded");

    /// <summary>Loads the initial set; throws when it is invalid (the server does not start without policies).</summary>
    public void Load()
    {
        if (FixedPolicies is { } fixedSet)
        {
            Swap(fixedSet, "(given)");
        }
        else if (options.PoliciesDirectory is { } directory)
        {
            lastAttempt = Fingerprint(directory);
            var result = PolicyLoader.LoadDirectory(directory, services);
            Swap(result.Policies ?? throw new InvalidOperationException(
                $"policies in {directory} are not valid:\n  " + string.Join("\n  ", result.Errors)), directory);
        }
        else
        {
            var result = PolicyLoader.LoadDefaults(services);
            Swap(result.Policies ?? throw new InvalidOperationException(
                "the built-in policies are not valid:\n  " + string.Join("\n  ", result.Errors)), "built-in policies");
        }

        readiness.PoliciesLoaded = true;
    }

    public void StartWatching()
    {
        if (FixedPolicies is null && options.PoliciesDirectory is { } directory)
        {
            monitor = new ChangeMonitor("the policy directory", [directory], options.ReloadInterval, () => ReloadIfChanged(directory), logger);
        }
    }

    private void ReloadIfChanged(string directory)
    {
        // Hash before loading: a change that lands in between is loaded now and seen again next time.
        var fingerprint = Fingerprint(directory);
        if (lastAttempt is not null && fingerprint.AsSpan().SequenceEqual(lastAttempt))
        {
            return;
        }

        lastAttempt = fingerprint;
        var result = PolicyLoader.LoadDirectory(directory, services);
        if (result.Policies is { } set && result.Errors.Count == 0)
        {
            Swap(set, directory);
            metrics.PolicyReload(success: true);
        }
        else
        {
            logger.PolicyLoadFailed(directory, result.Errors.Count, string.Join("; ", result.Errors));
            metrics.PolicyReload(success: false);
        }
    }

    private void Swap(PolicySet set, string source)
    {
        Volatile.Write(ref engine, new PolicyEngine(set, exceptions));
        logger.PoliciesLoaded(source, string.Join(", ", set.Bindings.Select(b => $"{b.Id}={b.Settings.Action.ToWire()}")));
    }

    /// <summary>
    /// A hash of the policy files' names and contents (what the loader reads: top-level, not
    /// hidden, *.yaml/*.yml, links followed). Content, not timestamps: a ConfigMap swap changes
    /// the link targets while the links themselves keep their times.
    /// </summary>
    private static byte[] Fingerprint(string directory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (!Directory.Exists(directory))
        {
            return hash.GetHashAndReset();
        }

        foreach (var path in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith('.') || !(name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            try
            {
                var content = File.ReadAllBytes(path);
                hash.AppendData(Encoding.UTF8.GetBytes(name + "\0"));
                hash.AppendData(content);
                hash.AppendData("\0"u8);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A dangling link mid-swap or an unreadable file: hash the name, the loader reports the rest.
                hash.AppendData(Encoding.UTF8.GetBytes(name + "\0?\0"));
            }
        }

        return hash.GetHashAndReset();
    }

    public void Dispose() => monitor?.Dispose();
}
