using System.Buffers;

namespace AdmissionGuard.Server.WarmUp;

/// <summary>
/// Synthetic AdmissionReviews for the warm-up: one per kind each endpoint's policies target, so
/// every policy runs at least once before the first real review. The object carries what the
/// built-in policies read (Helm ownership, a pod template reading a ConfigMap and with a literal
/// credential, a hook annotation, Secret data), whatever its kind, so that their deeper paths
/// (findings, denials, patches) are compiled too. Nothing in it is real or secret.
/// </summary>
internal static class WarmUpReviews
{
    public const string Uid = "00000000-0000-0000-0000-00000000a11e";
    public const string Namespace = "admission-guard-warm-up";

    private static readonly JsonWriterOptions Options = new() { Indented = false };

    /// <summary>
    /// The object's <c>spec</c>, the same for every kind: a pod template with a checksum annotation,
    /// a literal credential, and a ConfigMap read through env, envFrom and a volume. Written here as
    /// JSON, sent compact.
    /// </summary>
    private static readonly byte[] Spec = Encoding.UTF8.GetBytes(JsonNode.Parse("""
        {
          "template": {
            "metadata": { "annotations": { "checksum/config": "0" } },
            "spec": {
              "containers": [{
                "name": "warm-up",
                "image": "example.invalid/warm-up:1",
                "env": [
                  { "name": "DB_PASSWORD", "value": "warm-up-not-a-secret" },
                  { "name": "SETTING", "valueFrom": { "configMapKeyRef": { "name": "warm-up", "key": "setting" } } }
                ],
                "envFrom": [{ "configMapRef": { "name": "warm-up" } }]
              }],
              "volumes": [{ "name": "config", "configMap": { "name": "warm-up" } }]
            }
          }
        }
        """)!.ToJsonString());

    /// <summary>Every (endpoint type, kind, operation) the policy set targets, as review bytes.</summary>
    public static IEnumerable<(PolicyType Type, byte[] Review)> For(PolicySet policies)
    {
        foreach (var type in new[] { PolicyType.Validating, PolicyType.Mutating })
        {
            foreach (var kind in policies.TargetedKinds(type).OrderBy(k => k.ToString(), StringComparer.Ordinal))
            {
                yield return (type, Review(kind, update: false));
                yield return (type, Review(kind, update: true));
            }
        }
    }

    /// <summary>The review sent through the HTTPS listener: a Deployment when targeted, else the first targeted kind, else a Service.</summary>
    public static byte[] ForListener(PolicySet policies, PolicyType type)
    {
        var deployment = new GroupVersionKind("apps", "v1", "Deployment");
        var targeted = policies.TargetedKinds(type).ToArray();
        var kind = targeted.Contains(deployment) ? deployment
            : targeted.Length > 0 ? targeted.OrderBy(k => k.ToString(), StringComparer.Ordinal).First()
            : new GroupVersionKind(string.Empty, "v1", "Service");
        return Review(kind, update: false);
    }

    public static byte[] Review(GroupVersionKind kind, bool update)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using var writer = new Utf8JsonWriter(buffer, Options);
        writer.WriteStartObject();
        writer.WriteString("apiVersion"u8, "admission.k8s.io/v1");
        writer.WriteString("kind"u8, "AdmissionReview");
        writer.WriteStartObject("request"u8);
        writer.WriteString("uid"u8, Uid);
        WriteKind(writer, "kind"u8, kind);
        WriteKind(writer, "requestKind"u8, kind);
        writer.WriteStartObject("resource"u8);
        writer.WriteString("group"u8, kind.Group);
        writer.WriteString("version"u8, kind.Version);
        writer.WriteString("resource"u8, kind.Kind.ToLowerInvariant() + "s");
        writer.WriteEndObject();
        writer.WriteString("name"u8, "warm-up");
        writer.WriteString("namespace"u8, Namespace);
        writer.WriteString("operation"u8, update ? "UPDATE" : "CREATE");
        writer.WriteStartObject("userInfo"u8);
        writer.WriteString("username"u8, "system:serviceaccount:admission-guard:warm-up");
        writer.WriteStartArray("groups"u8);
        writer.WriteStringValue("system:authenticated");
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WritePropertyName("object"u8);
        WriteObject(writer, kind, generation: 2);
        writer.WritePropertyName("oldObject"u8);
        if (update)
        {
            WriteObject(writer, kind, generation: 1);
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WriteBoolean("dryRun"u8, true);
        writer.WriteStartObject("options"u8);
        writer.WriteString("apiVersion"u8, "meta.k8s.io/v1");
        writer.WriteString("kind"u8, update ? "UpdateOptions" : "CreateOptions");
        writer.WriteString("fieldManager"u8, "helm");
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteKind(Utf8JsonWriter writer, ReadOnlySpan<byte> name, GroupVersionKind kind)
    {
        writer.WriteStartObject(name);
        writer.WriteString("group"u8, kind.Group);
        writer.WriteString("version"u8, kind.Version);
        writer.WriteString("kind"u8, kind.Kind);
        writer.WriteEndObject();
    }

    private static void WriteObject(Utf8JsonWriter writer, GroupVersionKind kind, int generation)
    {
        writer.WriteStartObject();
        writer.WriteString("apiVersion"u8, kind.ApiVersion);
        writer.WriteString("kind"u8, kind.Kind);
        writer.WriteStartObject("metadata"u8);
        writer.WriteString("name"u8, "warm-up");
        writer.WriteString("namespace"u8, Namespace);
        writer.WriteNumber("generation"u8, generation);
        writer.WriteStartObject("labels"u8);
        writer.WriteString("app.kubernetes.io/managed-by"u8, "Helm");
        writer.WriteString("app.kubernetes.io/name"u8, "warm-up");
        writer.WriteEndObject();
        writer.WriteStartObject("annotations"u8);
        writer.WriteString("meta.helm.sh/release-name"u8, "warm-up");
        writer.WriteString("meta.helm.sh/release-namespace"u8, Namespace);
        writer.WriteString("helm.sh/hook"u8, "pre-upgrade");
        writer.WriteString("helm.sh/hook-delete-policy"u8, "before-hook-creation,hook-failed");
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WritePropertyName("spec"u8);
        writer.WriteRawValue(Spec);

        writer.WriteString("type"u8, "Opaque");
        writer.WriteStartObject("data"u8);
        writer.WriteString("password"u8, "d2FybS11cA==");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
