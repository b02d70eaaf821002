using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace AdmissionGuard.LoadGen.Compare;

/// <summary>One review of the agreement set and whether each server allowed it (null: no well-formed answer).</summary>
internal sealed record AgreementCase(string Name, bool? Ours, bool? Peer)
{
    public bool Agrees => Ours is not null && Ours == Peer;
}

/// <summary>
/// Before a peer (or ours published another way) is loaded, both servers get the same reviews, variants of the benchmark's
/// Deployment that config-checksum passes and denies, and must agree on <c>allowed</c> for each:
/// the peer runs only that rule, ours every built-in policy, and these variants touch nothing the
/// other policies judge.
/// </summary>
internal static class PeerAgreement
{
    /// <param name="peerName">How the log names the other server.</param>
    public static async Task<IReadOnlyList<AgreementCase>> CheckAsync(Uri ours, Uri peer, string peerName, byte[] deployment, TextWriter log)
    {
        using var handler = new SocketsHttpHandler { UseProxy = false, SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        var cases = new List<AgreementCase>();
        foreach (var (name, review) in Variants(deployment))
        {
            var result = new AgreementCase(name, await AllowedAsync(client, ours, review).ConfigureAwait(false), await AllowedAsync(client, peer, review).ConfigureAwait(false));
            log.WriteLine($"agreement {name}: ours {Text(result.Ours)}, {peerName} {Text(result.Peer)}{(result.Agrees ? string.Empty : "  <-- DIFFERENT")}");
            cases.Add(result);
        }

        return cases;
    }

    private static string Text(bool? allowed) => allowed switch { true => "allowed", false => "denied", null => "no answer" };

    private static IEnumerable<(string Name, string Review)> Variants(byte[] deployment)
    {
        JsonNode Fresh() => JsonNode.Parse(deployment)!;
        JsonObject Template(JsonNode review) => review["request"]!["object"]!["spec"]!["template"]!.AsObject();

        yield return ("Deployment as benchmarked (checksum annotations)", Fresh().ToJsonString());

        var missing = Fresh();
        Template(missing)["metadata"]!.AsObject().Remove("annotations");
        yield return ("Deployment reading ConfigMaps, no checksum annotation", missing.ToJsonString());

        var notHex = Fresh();
        Template(notHex)["metadata"]!["annotations"] = new JsonObject { ["checksum/config"] = "not-a-digest" };
        yield return ("Deployment with a checksum annotation that is no digest", notHex.ToJsonString());

        var noConfig = Fresh();
        Template(noConfig)["metadata"]!.AsObject().Remove("annotations");
        var spec = Template(noConfig)["spec"]!.AsObject();
        spec.Remove("volumes");
        foreach (var container in spec["containers"]!.AsArray())
        {
            container!.AsObject().Remove("env");
            container.AsObject().Remove("envFrom");
            container.AsObject().Remove("volumeMounts");
        }

        yield return ("Deployment reading no ConfigMap, no annotation", noConfig.ToJsonString());

        var reloader = Fresh();
        Template(reloader)["metadata"]!.AsObject().Remove("annotations");
        reloader["request"]!["object"]!["metadata"]!["annotations"]!.AsObject()["reloader.stakater.com/auto"] = "true";
        yield return ("Deployment with Reloader's auto annotation instead", reloader.ToJsonString());

        var statefulSet = Fresh();
        Template(statefulSet)["metadata"]!.AsObject().Remove("annotations");
        statefulSet["request"]!["kind"]!["kind"] = "StatefulSet";
        statefulSet["request"]!["resource"]!["resource"] = "statefulsets";
        statefulSet["request"]!["object"]!["kind"] = "StatefulSet";
        yield return ("StatefulSet reading ConfigMaps, no checksum annotation", statefulSet.ToJsonString());

        var kubeSystem = Fresh();
        Template(kubeSystem)["metadata"]!.AsObject().Remove("annotations");
        kubeSystem["request"]!["namespace"] = "kube-system";
        kubeSystem["request"]!["object"]!["metadata"]!["namespace"] = "kube-system";
        yield return ("Deployment in kube-system, no checksum annotation", kubeSystem.ToJsonString());
    }

    private static async Task<bool?> AllowedAsync(HttpClient client, Uri url, string review)
    {
        try
        {
            using var content = new StringContent(review);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync(url, content).ConfigureAwait(false);
            var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
            return answer?["response"]?["allowed"]?.GetValue<bool>();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
