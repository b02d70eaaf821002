using System.Text.Json;
using System.Text.Json.Nodes;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Configuration;
using AdmissionGuard.Core.Engine;
using AdmissionGuard.Core.Manifests;
using AdmissionGuard.Core.Policies;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Core.Tests.Fixtures;

/// <summary>One fixture file: a policy, an object under review, and what the policy must say about it.</summary>
public sealed class PolicyFixture
{
    public static string Root => Repository.Fixtures;

    private PolicyFixture(string policyId, string file, JsonObject body)
    {
        PolicyId = policyId;
        File = file;
        Body = body;
        var name = Path.GetFileName(file);
        ExpectedResult = name[..name.IndexOf('.')];
    }

    public string PolicyId { get; }

    public string File { get; }

    public JsonObject Body { get; }

    /// <summary>From the file name prefix: pass, deny, warn, audit, mutate, exempt, excluded.</summary>
    public string ExpectedResult { get; }

    public JsonObject Object => Body["object"] as JsonObject ?? throw new InvalidDataException($"{File}: no object");

    public JsonObject? OldObject => Body["oldObject"] as JsonObject;

    public JsonObject? Mutated => Body["mutated"] as JsonObject;

    public IReadOnlyList<string> Strings(string section, string key) =>
        (Body[section]?[key] as JsonArray)?.Select(n => n!.GetValue<string>()).ToArray() ?? [];

    public static PolicyFixture Load(string relativePath)
    {
        var file = Path.Combine(Root, relativePath);
        var docs = ManifestReader.Read(System.IO.File.ReadAllText(file), file);
        var body = docs.Single().Content as JsonObject ?? throw new InvalidDataException($"{file}: not a mapping");
        return new PolicyFixture(Path.GetFileName(Path.GetDirectoryName(file))!, file, body);
    }

    /// <summary>Every fixture file, as paths relative to <see cref="Root"/>, for [MemberData].</summary>
    public static IEnumerable<object[]> All() =>
        Directory.GetDirectories(Root)
            .SelectMany(d => Directory.GetFiles(d, "*.yaml"))
            .Order(StringComparer.Ordinal)
            .Select(f => new object[] { Path.GetRelativePath(Root, f) });

    internal PolicyDescriptor Descriptor =>
        PolicyCatalog.Find(PolicyId) ?? throw new InvalidDataException($"{File}: unknown policy folder {PolicyId}");

    /// <summary>
    /// The services the fixture's policy sees: <c>fluxDecryption</c> lists the Flux Kustomizations
    /// (<c>namespace/name</c>) that have <c>spec.decryption</c>; none otherwise.
    /// </summary>
    internal PolicyServices Services
    {
        get
        {
            var decrypting = Strings("services", "fluxDecryption");
            return decrypting.Count == 0
                ? PolicyServices.Default
                : new PolicyServices { FluxDecryption = new FixedFluxDecryptionIndex(decrypting) };
        }
    }

    /// <summary>
    /// An engine holding only the policy under test, with the fixture's settings, parameters and
    /// services: the fixture is turned into a policy file (JSON is YAML) for every supported kind
    /// and loaded as the server loads one, so its parameters bind and validate as a file's would.
    /// </summary>
    internal PolicyEngine BuildEngine(PolicyServices? services = null)
    {
        services ??= Services;
        var settings = Body["settings"] as JsonObject;
        var policyFile = new JsonObject
        {
            ["apiVersion"] = PolicyFileFormat.ApiVersion,
            ["kind"] = PolicyFileFormat.Kind,
            ["metadata"] = new JsonObject { ["name"] = Descriptor.Id },
            ["spec"] = new JsonObject
            {
                ["action"] = (string?)settings?["action"] ?? "enforce",
                ["match"] = new JsonObject { ["kinds"] = new JsonArray(Descriptor.SupportedKinds.Select(k => JsonValue.Create(k.ToString())).ToArray<JsonNode?>()) },
                ["allowExistingViolations"] = (bool?)settings?["allowExistingViolations"] ?? false,
                ["allowObjectExemption"] = (bool?)settings?["allowObjectExemption"] ?? false,
                ["parameters"] = Body["parameters"]?.DeepClone() ?? new JsonObject(),
            },
        };
        var loaded = PolicyLoader.LoadFiles([(File, policyFile.ToJsonString())], services);
        if (!loaded.Succeeded)
        {
            throw new InvalidDataException($"{File}: {string.Join("; ", loaded.Errors)}");
        }

        return new PolicyEngine(loaded.Policies!);
    }

    internal AdmissionRequest BuildRequest(JsonObject obj, JsonObject? oldObj = null)
    {
        var request = Body["request"] as JsonObject;
        var kind = GroupVersionKind.FromApiVersion((string)obj["apiVersion"]!, (string)obj["kind"]!);
        var clusterScoped = kind.Kind is "CustomResourceDefinition" or "Namespace" or "ClusterRole";
        var ns = (string?)request?["namespace"] ?? (string?)obj["metadata"]?["namespace"] ?? (clusterScoped ? string.Empty : "default");
        var groups = (request?["groups"] as JsonArray)?.Select(g => (string)g!).ToArray() ?? [];
        return TestRequest.For(
            obj,
            ns,
            Enum.Parse<Operation>((string?)request?["operation"] ?? "CREATE", ignoreCase: true),
            oldObj,
            uid: "fixture",
            user: new UserInfo((string?)request?["username"] ?? string.Empty, groups),
            dryRun: (bool?)request?["dryRun"] ?? false,
            fieldManager: (string?)request?["fieldManager"] ?? string.Empty,
            origin: OriginOf(Body["origin"]));
    }

    /// <summary>
    /// Where the object comes from: <c>origin: webhook</c> (the default), <c>origin: cluster</c> (a
    /// live object, as scan judges it), or <c>origin: {file: ...}</c>, a manifest file with what the
    /// CLI knows beyond the object: <c>template</c> (its <c># Source:</c>), <c>applier</c>
    /// (<c>--applier</c>) and <c>input</c> (the ConfigMaps and Secrets of the same input: kind,
    /// namespace, name, immutable, template).
    /// </summary>
    private static Origin OriginOf(JsonNode? origin)
    {
        switch (origin)
        {
            case null:
                return Origin.Webhook;
            case JsonValue value:
                return (string?)value switch
                {
                    "webhook" => Origin.Webhook,
                    "cluster" => Origin.Cluster,
                    "file" => new Origin.ManifestFile(null, null, ManifestInput.Empty),
                    var other => throw new InvalidDataException($"origin: {other} is none of webhook, cluster, file"),
                };
        }

        var file = origin["file"] as JsonObject ?? throw new InvalidDataException("origin: a mapping names a file: origin: {file: {...}}");
        var input = new ManifestInput();
        foreach (var entry in (file["input"] as JsonArray ?? []).OfType<JsonObject>())
        {
            input.Add((string)entry["kind"]!, (string?)entry["namespace"], (string)entry["name"]!, (bool?)entry["immutable"] ?? false, (string?)entry["template"]);
        }

        var applier = (string?)file["applier"];
        return new Origin.ManifestFile((string?)file["template"], applier is null or "auto" ? null : Cli(applier), input);

        static Applier Cli(string name) => name == "flux" ? Applier.FluxKustomize : Enum.Parse<Applier>(name, ignoreCase: true);
    }

    public override string ToString() => Path.GetRelativePath(Root, File);
}
