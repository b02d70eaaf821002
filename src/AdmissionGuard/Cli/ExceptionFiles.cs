using AdmissionGuard.Core.Exceptions;
using AdmissionGuard.Core.Manifests;

namespace AdmissionGuard.Cli;

/// <summary>
/// <c>--exceptions PATH</c>: the PolicyExceptions of a file or a directory (searched recursively
/// for <c>*.yaml</c>, <c>*.yml</c>, <c>*.json</c>; hidden entries skipped), as kept in Git. Other
/// documents are ignored. Each exception is checked as the webhook checks it, except that one
/// already expired is no error: it is honoured nowhere, and a note says so.
/// </summary>
internal static class ExceptionFiles
{
    /// <summary>The exceptions; null after writing every error (<c>FILE:LINE: FIELD: message</c>) to <paramref name="error"/>.</summary>
    public static ExceptionSet? Load(string path, PolicySet policies, DateTimeOffset now, TextWriter error)
    {
        IEnumerable<string> files;
        if (File.Exists(path))
        {
            files = [path];
        }
        else if (Directory.Exists(path))
        {
            files = Enumerate(path);
        }
        else
        {
            error.WriteLine($"admission-guard: --exceptions {path}: no such file or directory");
            return null;
        }

        var exceptions = new List<PolicyException>();
        var failed = false;
        foreach (var file in files)
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"admission-guard: {file}: cannot read: {e.Message}");
                failed = true;
                continue;
            }

            foreach (var doc in ManifestReader.Read(text, file))
            {
                if (doc.IsError)
                {
                    error.WriteLine($"admission-guard: {file}:{doc.Line}: {doc.Error}");
                    failed = true;
                    continue;
                }

                if (doc.Content is not JsonObject obj || !PolicyExceptionReader.IsPolicyException(obj))
                {
                    continue;
                }

                var errors = new List<ExceptionFieldError>();
                var exception = PolicyExceptionReader.Read(obj, $"{file}:{doc.Line}", errors);
                if (exception is not null)
                {
                    PolicyExceptionValidator.Validate(exception, policies, now, errors, checkExpiry: false);
                    if (errors.Count == 0 && exception.ExpiresAt > now.AddDays(policies.Settings.MaxExceptionDays))
                    {
                        errors.Add(new("spec.expiresAt", $"{exception.ExpiryText} is more than {policies.Settings.MaxExceptionDays} days ahead (GuardSettings spec.maxExceptionDays); the webhook would deny it"));
                    }
                }

                foreach (var e in errors)
                {
                    error.WriteLine($"admission-guard: {file}:{doc.Line}: {e}");
                }

                failed |= errors.Count > 0;
                if (exception is not null && errors.Count == 0)
                {
                    if (exception.IsExpired(now))
                    {
                        error.WriteLine($"admission-guard: note: {exception.Display} ({file}:{doc.Line}) expired at {exception.ExpiryText}; it is not honoured");
                    }

                    exceptions.Add(exception);
                }
            }
        }

        return failed ? null : new ExceptionSet(exceptions);
    }

    private static IEnumerable<string> Enumerate(string directory)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(entry);
            if (name.StartsWith('.'))
            {
                continue;
            }

            if (Directory.Exists(entry))
            {
                foreach (var nested in Enumerate(entry))
                {
                    yield return nested;
                }
            }
            else if (name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                yield return entry;
            }
        }
    }
}
