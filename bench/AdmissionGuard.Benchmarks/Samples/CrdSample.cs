using System.Globalization;
using System.Text.Json.Nodes;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Engine;
using AdmissionGuard.Core.Policies;

namespace AdmissionGuard.Benchmarks.Samples;

/// <summary>
/// A 200 KB CustomResourceDefinition from a chart's <c>crds/</c> folder, which Helm installs
/// without its labels (the field manager says Helm): keep-stateful patches it. The schema is
/// synthesised in the shape operators generate: nested objects, every field described.
/// </summary>
internal static class CrdSample
{
    public const int TargetBytes = 200 * 1024;

    public static ReviewSample Create() => new()
    {
        Name = "CRD200KB",
        Webhook = PolicyType.Mutating,
        Kind = KnownKinds.CustomResourceDefinition,
        Resource = "customresourcedefinitions",
        Object = new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject
            {
                ["name"] = "storefronts.shop.example.com",
                ["annotations"] = new JsonObject { ["controller-gen.kubebuilder.io/version"] = "v0.16.5" },
            },
            ["spec"] = new JsonObject
            {
                ["group"] = "shop.example.com",
                ["names"] = new JsonObject
                {
                    ["kind"] = "Storefront",
                    ["listKind"] = "StorefrontList",
                    ["plural"] = "storefronts",
                    ["singular"] = "storefront",
                },
                ["scope"] = "Namespaced",
                ["versions"] = new JsonArray(new JsonObject
                {
                    ["name"] = "v1",
                    ["served"] = true,
                    ["storage"] = true,
                    ["subresources"] = new JsonObject { ["status"] = new JsonObject() },
                    ["schema"] = new JsonObject { ["openAPIV3Schema"] = Schema() },
                }),
            },
        },
    };

    private static JsonObject Schema()
    {
        var specProperties = new JsonObject();
        var root = new JsonObject
        {
            ["description"] = "Storefront is the Schema for the storefronts API.",
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["apiVersion"] = Field("string", "APIVersion defines the versioned schema of this representation of an object."),
                ["kind"] = Field("string", "Kind is a string value representing the REST resource this object represents."),
                ["metadata"] = new JsonObject { ["type"] = "object" },
                ["spec"] = new JsonObject
                {
                    ["description"] = "StorefrontSpec defines the desired state of a Storefront.",
                    ["type"] = "object",
                    ["properties"] = specProperties,
                },
            },
        };

        // Grow the schema section by section until the serialised object reaches the target.
        var size = 2048;
        for (var i = 0; size < TargetBytes; i++)
        {
            var section = Section(i);
            size += section.ToJsonString().Length + 24;
            specProperties["component" + i.ToString(CultureInfo.InvariantCulture)] = section;
        }

        return root;
    }

    private static JsonObject Section(int i)
    {
        var n = i.ToString(CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["description"] = $"Component{n} configures one storefront component: its pods, its service and how it scales.",
            ["type"] = "object",
            ["required"] = new JsonArray("image"),
            ["properties"] = new JsonObject
            {
                ["image"] = Field("string", "Image is the container image reference, including registry and tag or digest."),
                ["replicas"] = new JsonObject
                {
                    ["description"] = "Replicas is the desired number of pods. Defaults to 1.",
                    ["type"] = "integer",
                    ["format"] = "int32",
                    ["minimum"] = 0,
                },
                ["resources"] = new JsonObject
                {
                    ["description"] = "Resources describes the compute resource requirements of the component's containers.",
                    ["type"] = "object",
                    ["properties"] = new JsonObject
                    {
                        ["limits"] = Quantities("Limits describes the maximum amount of compute resources allowed."),
                        ["requests"] = Quantities("Requests describes the minimum amount of compute resources required."),
                    },
                },
                ["env"] = new JsonObject
                {
                    ["description"] = "Env lists environment variables to set in the component's containers.",
                    ["type"] = "array",
                    ["items"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["required"] = new JsonArray("name"),
                        ["properties"] = new JsonObject
                        {
                            ["name"] = Field("string", "Name of the environment variable. Must be a C_IDENTIFIER."),
                            ["value"] = Field("string", "Value of the environment variable; $(VAR_NAME) references are expanded."),
                        },
                    },
                },
                ["service"] = new JsonObject
                {
                    ["description"] = "Service configures the Service that exposes the component.",
                    ["type"] = "object",
                    ["properties"] = new JsonObject
                    {
                        ["type"] = new JsonObject
                        {
                            ["description"] = "Type of the Service.",
                            ["type"] = "string",
                            ["enum"] = new JsonArray("ClusterIP", "NodePort", "LoadBalancer"),
                        },
                        ["port"] = new JsonObject { ["description"] = "Port the Service listens on.", ["type"] = "integer", ["format"] = "int32" },
                    },
                },
            },
        };
    }

    private static JsonObject Field(string type, string description) => new() { ["description"] = description, ["type"] = type };

    private static JsonObject Quantities(string description) => new()
    {
        ["description"] = description,
        ["type"] = "object",
        ["additionalProperties"] = new JsonObject
        {
            ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" }),
            ["pattern"] = "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$",
            ["x-kubernetes-int-or-string"] = true,
        },
    };
}
