using System.Text.Json;
using System.Text.Json.Nodes;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Engine;

namespace AdmissionGuard.Benchmarks.Samples;

/// <summary>
/// One realistic admission request: the object as the API server sends it, wrapped in an
/// <c>admission.k8s.io/v1</c> AdmissionReview exactly as it arrives on the wire.
/// </summary>
public sealed record ReviewSample
{
    public required string Name { get; init; }

    /// <summary>Which webhook the API server would call for it (the chart's rules).</summary>
    internal PolicyType Webhook { get; init; }

    internal GroupVersionKind Kind { get; init; }

    public required string Resource { get; init; }

    public string Namespace { get; init; } = string.Empty;

    public required JsonObject Object { get; init; }

    public string FieldManager { get; init; } = "helm";

    /// <summary>The review's JSON bytes (UTF-8), built once.</summary>
    public byte[] ReviewBytes => reviewBytes ??= AdmissionReviewJson.Build(this);

    /// <summary>The object's JSON bytes alone, as the codec slices them out of the review.</summary>
    public byte[] ObjectBytes => objectBytes ??= JsonSerializer.SerializeToUtf8Bytes(Object);

    public string ObjectName => Object["metadata"]?["name"]?.GetValue<string>() ?? string.Empty;

    public const string Uid = "705ab4f5-6393-11e8-b7cc-42010a800002";

    private byte[]? reviewBytes;
    private byte[]? objectBytes;

    /// <summary>
    /// The request with its object as raw JSON, parsed on first use (as the CLI builds it; the
    /// webhook's reader parses it with the review). A new instance each call: a request caches
    /// its parsed object, and each evaluation must pay for parsing it.
    /// </summary>
    internal AdmissionRequest NewRequest() => new()
    {
        Uid = Uid,
        Operation = Operation.Create,
        Kind = Kind,
        Resource = Resource,
        Namespace = Namespace,
        Name = ObjectName,
        UserInfo = AdmissionReviewJson.User,
        FieldManager = FieldManager,
        ObjectJson = ObjectBytes,
    };

    public override string ToString() => Name;
}
