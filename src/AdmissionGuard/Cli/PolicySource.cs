using AdmissionGuard.Core.Configuration;

namespace AdmissionGuard.Cli;

/// <summary>The policies a run uses: the built-in ones, or a directory that replaces them.</summary>
internal static class PolicySource
{
    /// <summary>The engine for the run's policies; null after writing every error (<c>file:line: field: message</c>) to <paramref name="error"/>.</summary>
    public static PolicyEngine? Engine(string? directory, TextWriter error) => Load(directory, error) is { } policies ? new PolicyEngine(policies) : null;

    /// <summary>The engine for the run's policies and the PolicyExceptions of <paramref name="exceptions"/> (a file or directory); null after writing every error.</summary>
    public static PolicyEngine? Engine(string? directory, string? exceptions, TextWriter error)
    {
        if (Load(directory, error) is not { } policies)
        {
            return null;
        }

        if (exceptions is null)
        {
            return new PolicyEngine(policies);
        }

        var set = ExceptionFiles.Load(exceptions, policies, TimeProvider.System.GetUtcNow(), error);
        return set is null ? null : new PolicyEngine(policies, new Core.Exceptions.FixedExceptions(set));
    }

    /// <summary>The run's policy set; null after writing every error to <paramref name="error"/>.</summary>
    public static PolicySet? Load(string? directory, TextWriter error)
    {
        if (directory is not null && !Directory.Exists(directory))
        {
            error.WriteLine($"admission-guard: --policies {directory}: no such directory");
            return null;
        }

        var result = directory is null ? PolicyLoader.LoadDefaults() : PolicyLoader.LoadDirectory(directory);
        if (result.Succeeded)
        {
            return result.Policies;
        }

        foreach (var e in result.Errors)
        {
            error.WriteLine($"admission-guard: {e}");
        }

        if (result.Errors.Count == 0)
        {
            error.WriteLine($"admission-guard: the policies in {directory ?? "the binary"} could not be loaded");
        }

        return null;
    }
}
