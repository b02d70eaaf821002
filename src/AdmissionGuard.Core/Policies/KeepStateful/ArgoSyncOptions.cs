namespace AdmissionGuard.Core.Policies.KeepStateful;

/// <summary>
/// Merges <c>Prune=false</c> and <c>Delete=false</c> into an <c>argocd.argoproj.io/sync-options</c>
/// value. Argo CD (docs/user-guide/sync-options.md, "No Prune Resources", "No Resource Deletion")
/// splits the value on commas, trims each entry and compares it exactly (case-sensitive), so the
/// entries are matched the same way. The existing text is kept as written (nothing removed,
/// nothing duplicated) and the missing options are appended.
///
/// An explicit other choice is the user's: <c>Prune=confirm</c> and <c>Delete=confirm</c> protect the
/// object too (a person confirms) and are accepted as they are; any other <c>Prune=</c> or
/// <c>Delete=</c> entry (say <c>Prune=true</c>) is left alone, and the policy warns about it instead of
/// appending a contradicting option.
/// </summary>
internal static class ArgoSyncOptions
{
    public const string Annotation = "argocd.argoproj.io/sync-options";
    public const string NoPrune = "Prune=false";
    public const string NoDelete = "Delete=false";

    /// <summary>The merge result: the new value (null when nothing changes) and entries left as the user chose them.</summary>
    public readonly record struct Result(string? NewValue, string? PruneOverride, string? DeleteOverride);

    /// <param name="existing">The annotation's current value, or null.</param>
    /// <param name="deleteCovered">True when <c>Delete=false</c> is not needed: Argo CD reads Helm's
    /// <c>helm.sh/resource-policy: keep</c> on the object as <c>Delete=false</c>.</param>
    public static Result Merge(string? existing, bool deleteCovered = false)
    {
        bool prune = false, delete = false;
        string? pruneOverride = null, deleteOverride = null;

        if (!string.IsNullOrEmpty(existing))
        {
            foreach (var range in existing.AsSpan().Split(','))
            {
                var entry = existing.AsSpan()[range].Trim();
                if (entry.StartsWith("Prune=", StringComparison.Ordinal))
                {
                    Classify(entry, "Prune=", ref prune, ref pruneOverride);
                }
                else if (entry.StartsWith("Delete=", StringComparison.Ordinal))
                {
                    Classify(entry, "Delete=", ref delete, ref deleteOverride);
                }
            }
        }

        var addPrune = !prune && pruneOverride is null;
        var addDelete = !delete && !deleteCovered && deleteOverride is null;
        if (!addPrune && !addDelete)
        {
            return new Result(null, pruneOverride, deleteOverride);
        }

        var kept = (existing ?? string.Empty).TrimEnd().TrimEnd(',').TrimEnd();
        var added = addPrune && addDelete ? $"{NoPrune},{NoDelete}" : addPrune ? NoPrune : NoDelete;
        return new Result(kept.Length == 0 ? added : $"{kept},{added}", pruneOverride, deleteOverride);
    }

    private static void Classify(ReadOnlySpan<char> entry, string prefix, ref bool protects, ref string? other)
    {
        var value = entry[prefix.Length..];
        if (value.SequenceEqual("false") || value.SequenceEqual("confirm"))
        {
            protects = true;
        }
        else
        {
            other ??= entry.ToString();
        }
    }
}
