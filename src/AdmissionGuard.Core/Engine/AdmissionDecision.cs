using AdmissionGuard.Core.Patching;

namespace AdmissionGuard.Core.Engine;

/// <summary>The engine's answer to one request: what the webhook sends back and what logs and metrics record.</summary>
public sealed record AdmissionDecision
{
    // Declared before AllowedWithoutEvaluation: static fields initialise in order, and that
    // instance's AuditAnnotations default reads this one.
    private static readonly IReadOnlyDictionary<string, string> EmptyAnnotations = new Dictionary<string, string>();

    public static readonly AdmissionDecision AllowedWithoutEvaluation = new() { Allowed = true, Evaluated = false };

    public bool Allowed { get; init; }

    /// <summary>HTTP-style status code of a denial: 403 for a policy, 400 for an unreadable object.</summary>
    public int StatusCode { get; init; } = 200;

    /// <summary>The denial message: every violated policy, under 4 KB. Empty when allowed.</summary>
    public string Message { get; init; } = string.Empty;

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Keys are plain names (the policy id); the API server prefixes the webhook's name.</summary>
    public IReadOnlyDictionary<string, string> AuditAnnotations { get; init; } = EmptyAnnotations;

    /// <summary>The JSON Patch operations to apply; empty for validations and for no change.</summary>
    public IReadOnlyList<JsonPatchOperation> Patch { get; init; } = [];

    public IReadOnlyList<PolicyResult> Results { get; init; } = [];

    /// <summary>False when the request was allowed without looking at the object (DELETE, subresource, untargeted kind).</summary>
    public bool Evaluated { get; init; } = true;

    public Manager Manager { get; init; } = Manager.Other;
}
