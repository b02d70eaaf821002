namespace AdmissionGuard.Core.Exceptions;

/// <summary>
/// What a PolicyException may ask of this policy set, now: known policy ids, every policy only
/// where the set allows it, an expiry in the future and at most <c>maxExceptionDays</c> ahead.
/// The webhook denies an exception that fails this; <c>check --exceptions</c> reports it.
/// </summary>
internal static class PolicyExceptionValidator
{
    /// <param name="checkExpiry">False where an exception is read rather than written (Git, the watch): an expired one is not an error there, it is simply honoured nowhere.</param>
    public static void Validate(PolicyException exception, PolicySet policies, DateTimeOffset now, List<ExceptionFieldError> errors, bool checkExpiry = true)
    {
        var settings = policies.Settings;
        var known = policies.Bindings.Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < exception.Policies.Count; i++)
        {
            var id = exception.Policies[i];
            if (id != PolicyException.EveryPolicy && !known.Contains(id))
            {
                var catalog = PolicyCatalog.Find(id) is null ? "unknown policy" : "a policy this policy set does not load";
                errors.Add(new($"spec.policies[{i}]", $"{catalog} '{id}'; loaded: {string.Join(", ", known.Order(StringComparer.Ordinal))}"));
            }
        }

        var everyPolicy = exception.Policies.Contains(PolicyException.EveryPolicy)
            || (known.Count > 1 && known.All(exception.Policies.Contains));
        if (everyPolicy && !settings.AllowExceptionOfAllPolicies)
        {
            errors.Add(new("spec.policies", "an exception of every policy is not allowed by this policy set (GuardSettings spec.allowExceptionOfAllPolicies); name the policies the objects break"));
        }

        if (!checkExpiry)
        {
            return;
        }

        if (exception.ExpiresAt <= now)
        {
            errors.Add(new("spec.expiresAt", $"{exception.ExpiryText} is not in the future"));
        }
        else if (exception.ExpiresAt > now.AddDays(settings.MaxExceptionDays))
        {
            errors.Add(new("spec.expiresAt", $"{exception.ExpiryText} is more than {settings.MaxExceptionDays} days ahead (GuardSettings spec.maxExceptionDays); renew the exception when it ends instead"));
        }
    }
}
