namespace AdmissionGuard.PolicyFacts;

/// <summary>
/// charts/admission-guard/values.schema.json: <c>properties.policies</c> is generated (JSON has no
/// comments to mark a region, so the region is that property); the rest of the schema is written
/// by hand. Each policy's parameters get their type from the record and their limits and
/// description from its <see cref="ParameterAttribute"/>.
/// </summary>
internal static class ChartSchema
{
    public const string Path = "charts/admission-guard/values.schema.json";

    private const string Action = """
        {
          "description": "enforce | warn | audit | off (false, what YAML makes of a bare off, means off too)",
          "oneOf": [
            { "type": "string", "enum": ["enforce", "warn", "audit", "off"] },
            { "type": "boolean", "const": false }
          ]
        }
        """;

    private const string Exclude = """
        {
          "type": "object",
          "additionalProperties": false,
          "description": "Who and what the policy never applies to (system namespaces and the release namespace always).",
          "properties": {
            "namespaces": {
              "type": "array",
              "items": { "type": "string", "minLength": 1, "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" },
              "uniqueItems": true,
              "description": "Namespace names."
            },
            "names": { "type": "array", "items": { "type": "string", "minLength": 1 }, "uniqueItems": true, "description": "Globs on the object name." },
            "users": { "type": "array", "items": { "type": "string", "minLength": 1 }, "uniqueItems": true, "description": "User names of the requester." },
            "groups": { "type": "array", "items": { "type": "string", "minLength": 1 }, "uniqueItems": true, "description": "Groups of the requester." },
            "serviceAccounts": {
              "type": "array",
              "items": { "type": "string", "minLength": 1, "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$" },
              "uniqueItems": true,
              "description": "namespace/name of a requesting service account."
            }
          }
        }
        """;

    public static string Write(string current)
    {
        var schema = JsonNode.Parse(current)?.AsObject() ?? throw new GenerationException($"{Path}: not a JSON object");
        var properties = schema["properties"]?.AsObject() ?? throw new GenerationException($"{Path}: no properties");
        properties["policies"] = Policies();
        return schema.ToJsonString(Json.Options) + "\n";
    }

    private static JsonObject Policies() => new()
    {
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["required"] = new JsonArray([.. PolicyCatalog.All.Select(d => JsonValue.Create(d.ValuesKey))]),
        ["properties"] = new JsonObject(PolicyCatalog.All.Select(d => KeyValuePair.Create(d.ValuesKey, (JsonNode?)Policy(d)))),
    };

    private static JsonObject Policy(PolicyDescriptor d)
    {
        var validating = d.Type == PolicyType.Validating;
        string[] required = ["action", "allowObjectExemption", "exclude", "parameters", .. validating ? ["allowExistingViolations"] : Array.Empty<string>()];
        var properties = new JsonObject
        {
            ["action"] = JsonNode.Parse(Action),
            ["allowObjectExemption"] = new JsonObject { ["type"] = "boolean" },
            ["exclude"] = JsonNode.Parse(Exclude),
            ["parameters"] = new JsonObject
            {
                ["type"] = "object",
                ["additionalProperties"] = false,
                ["properties"] = new JsonObject(d.Parameters.Select(p => KeyValuePair.Create(p.Name, (JsonNode?)Parameter(p)))),
            },
        };
        if (validating)
        {
            properties["allowExistingViolations"] = new JsonObject { ["type"] = "boolean" };
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = new JsonArray([.. required.Select(r => JsonValue.Create(r))]),
            ["properties"] = properties,
        };
    }

    private static JsonObject Parameter(PolicyParameter parameter)
    {
        var doc = parameter.Doc;
        var type = Nullable.GetUnderlyingType(parameter.Type) ?? parameter.Type;
        var schema = new JsonObject();
        if (type == typeof(bool))
        {
            schema["type"] = "boolean";
        }
        else if (type == typeof(string))
        {
            schema["type"] = "string";
            Limits(schema, doc);
            if (doc.Values.Length > 0)
            {
                schema["enum"] = new JsonArray([.. doc.Values.Select(v => JsonValue.Create(v))]);
            }
        }
        else if (type == typeof(long) || type == typeof(int))
        {
            schema["type"] = parameter.Type == type ? JsonValue.Create("integer") : new JsonArray("integer", "null");
            if (doc.Minimum != 0)
            {
                schema["minimum"] = doc.Minimum;
            }
        }
        else if (type == typeof(List<string>))
        {
            var items = new JsonObject { ["type"] = "string", ["minLength"] = 1 };
            Limits(items, doc);
            schema["type"] = "array";
            schema["items"] = items;
            schema["uniqueItems"] = true;
        }
        else
        {
            throw new GenerationException($"parameter {parameter.Name}: no schema for the type {parameter.Type.Name}");
        }

        schema["description"] = Text.Sentence(doc.Meaning);
        return schema;
    }

    private static void Limits(JsonObject schema, ParameterAttribute doc)
    {
        if (doc.MinLength > 0)
        {
            schema["minLength"] = doc.MinLength;
        }

        if (doc.MaxLength > 0)
        {
            schema["maxLength"] = doc.MaxLength;
        }

        if (doc.Pattern is not null)
        {
            schema["pattern"] = doc.Pattern;
        }
    }
}
