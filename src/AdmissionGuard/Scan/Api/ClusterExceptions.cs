using AdmissionGuard.Core.Exceptions;

namespace AdmissionGuard.Scan.Api;

/// <summary>The PolicyExceptions of the cluster, listed once, for <c>scan</c>: honoured as the webhook honours them.</summary>
internal static class ClusterExceptions
{
    public const string CollectionPath = "/apis/admission-guard.io/v1alpha1/policyexceptions";

    /// <summary>Every exception (expired ones too: the engine honours none past its expiry), and a note when there are none to read.</summary>
    public static async Task<(ExceptionSet Set, string? Note)> ListAsync(KubeApi api, CancellationToken cancellationToken)
    {
        var exceptions = new List<PolicyException>();
        var ignored = new List<string>();
        string? next = null;
        try
        {
            do
            {
                var page = await api.GetAsync(CollectionPath + "?limit=500" + (next is null ? string.Empty : "&continue=" + Uri.EscapeDataString(next)), cancellationToken).ConfigureAwait(false);
                foreach (var item in page["items"] as JsonArray ?? [])
                {
                    if (item is not JsonObject obj)
                    {
                        continue;
                    }

                    var errors = new List<ExceptionFieldError>();
                    if (PolicyExceptionReader.ReadListItem(obj, "cluster", errors) is { } exception)
                    {
                        exceptions.Add(exception);
                    }
                    else
                    {
                        ignored.Add($"{(string?)obj["metadata"]?["namespace"]}/{(string?)obj["metadata"]?["name"]} ({string.Join("; ", errors)})");
                    }
                }

                next = (string?)page["metadata"]?["continue"] is { Length: > 0 } c ? c : null;
            }
            while (next is not null);
        }
        catch (KubeApiException e) when (e.Status == System.Net.HttpStatusCode.NotFound)
        {
            return (ExceptionSet.Empty, null);
        }
        catch (KubeApiException e) when (e.Status == System.Net.HttpStatusCode.Forbidden)
        {
            return (ExceptionSet.Empty, "cannot list policyexceptions.admission-guard.io (forbidden): no exception is honoured");
        }

        var note = ignored.Count > 0 ? "PolicyExceptions not honoured, unreadable: " + string.Join(", ", ignored) : null;
        return (new ExceptionSet(exceptions), note);
    }
}
