using System.Globalization;

namespace AdmissionGuard.Core.Exceptions;

/// <summary>
/// Reads a PolicyException from its JSON (a manifest document, an admission request's object, a
/// watch event's object). Checks the shape and what needs nothing else: required fields, types,
/// unknown fields, <c>expiresAt</c> as an RFC 3339 time. What depends on the policy set and the
/// clock is <see cref="PolicyExceptionValidator"/>'s.
/// </summary>
internal static class PolicyExceptionReader
{
    private static readonly string[] TopFields = ["apiVersion", "kind", "metadata", "spec", "status"];
    private static readonly string[] SpecFields = ["policies", "match", "reason", "ticket", "expiresAt"];
    private static readonly string[] MatchFields = ["kinds", "names", "selector"];
    private static readonly string[] SelectorFields = ["matchLabels", "matchExpressions"];
    private static readonly string[] ExpressionFields = ["key", "operator", "values"];

    /// <summary>True for a document of this kind (the caller reads it with <see cref="Read"/>).</summary>
    public static bool IsPolicyException(JsonObject obj) =>
        (obj["kind"] as JsonValue)?.GetValueKind() == JsonValueKind.String
        && (string?)obj["kind"] == PolicyException.KindName
        && (string?)(obj["apiVersion"] as JsonValue) is { } apiVersion
        && apiVersion.StartsWith(PolicyException.Group + "/", StringComparison.Ordinal);

    /// <summary>An item of a list from the API server: list items may come without apiVersion and kind, which the list names.</summary>
    public static PolicyException? ReadListItem(JsonObject obj, string source, List<ExceptionFieldError> errors)
    {
        if (obj["apiVersion"] is null && obj["kind"] is null)
        {
            obj = (JsonObject)obj.DeepClone();
            obj["apiVersion"] = PolicyException.ApiVersion;
            obj["kind"] = PolicyException.KindName;
        }

        return Read(obj, source, errors);
    }

    /// <param name="defaultNamespace">The namespace an object without <c>metadata.namespace</c> lands in (the request's); null: it is required.</param>
    /// <returns>The exception, or null when <paramref name="errors"/> says why not.</returns>
    public static PolicyException? Read(JsonObject obj, string source, List<ExceptionFieldError> errors, string? defaultNamespace = null)
    {
        var before = errors.Count;
        Unknown(obj, string.Empty, TopFields, errors);
        if ((string?)(obj["apiVersion"] as JsonValue) != PolicyException.ApiVersion)
        {
            errors.Add(new("apiVersion", $"expected {PolicyException.ApiVersion}"));
        }

        var metadata = obj["metadata"] as JsonObject;
        var name = String(metadata?["name"], "metadata.name", errors, required: true);
        var ns = metadata?["namespace"] is null ? defaultNamespace : String(metadata["namespace"], "metadata.namespace", errors, required: false);
        if (string.IsNullOrEmpty(ns))
        {
            errors.Add(new("metadata.namespace", "required: an exception applies to the objects of its own namespace only"));
        }

        if (obj["spec"] is not JsonObject spec)
        {
            errors.Add(new("spec", "required: policies, reason and expiresAt"));
            return null;
        }

        Unknown(spec, "spec", SpecFields, errors);
        var policies = StringList(spec["policies"], "spec.policies", errors) ?? [];
        if (spec["policies"] is null || policies.Count == 0 && errors.Count == before)
        {
            errors.Add(new("spec.policies", "required: at least one policy id"));
        }

        var reason = String(spec["reason"], "spec.reason", errors, required: true, why: "why the objects may not comply yet (a vendor chart, fixed in its 2.0)");
        var ticket = String(spec["ticket"], "spec.ticket", errors, required: false);
        var expires = Expiry(spec["expiresAt"], errors);

        IReadOnlyList<string> kinds = [];
        IReadOnlyList<Glob> names = [];
        LabelSelector? selector = null;
        if (spec["match"] is { } matchNode)
        {
            if (matchNode is not JsonObject match)
            {
                errors.Add(new("spec.match", "expected a mapping with kinds, names and selector"));
            }
            else
            {
                Unknown(match, "spec.match", MatchFields, errors);
                kinds = StringList(match["kinds"], "spec.match.kinds", errors) ?? [];
                names = (StringList(match["names"], "spec.match.names", errors) ?? []).Select(n => new Glob(n)).ToArray();
                selector = match["selector"] is { } s ? Selector(s, "spec.match.selector", errors) : null;
            }
        }

        return errors.Count > before || name is null || ns is null || reason is null || expires is null
            ? null
            : new PolicyException(ns, name, policies, kinds, names, selector, reason, ticket, expires.Value, source);
    }

    /// <summary>RFC 3339 with a zone (<c>2026-12-31T00:00:00Z</c>), as a Kubernetes <c>date-time</c>.</summary>
    public static bool TryParseTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(
            text,
            ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz"],
            CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal,
            out time)
        && (text.EndsWith('Z') || text.EndsWith('z') || text.Length > 6 && text[^6] is '+' or '-');

    private static DateTimeOffset? Expiry(JsonNode? node, List<ExceptionFieldError> errors)
    {
        var text = String(node, "spec.expiresAt", errors, required: true, why: "when the exception ends, RFC 3339 (\"2026-12-31T00:00:00Z\")");
        if (text is null)
        {
            return null;
        }

        if (!TryParseTime(text, out var time))
        {
            errors.Add(new("spec.expiresAt", $"'{text}' is not an RFC 3339 time with a zone, such as \"2026-12-31T00:00:00Z\""));
            return null;
        }

        return time;
    }

    private static LabelSelector? Selector(JsonNode node, string path, List<ExceptionFieldError> errors)
    {
        if (node is not JsonObject selector)
        {
            errors.Add(new(path, "expected a label selector (matchLabels, matchExpressions)"));
            return null;
        }

        Unknown(selector, path, SelectorFields, errors);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (selector["matchLabels"] is { } ml)
        {
            if (ml is not JsonObject map)
            {
                errors.Add(new($"{path}.matchLabels", "expected a map of label names to values"));
            }
            else
            {
                foreach (var (key, value) in map)
                {
                    if (String(value, $"{path}.matchLabels.{key}", errors, required: true) is { } v)
                    {
                        labels[key] = v;
                    }
                }
            }
        }

        var expressions = new List<LabelRequirement>();
        if (selector["matchExpressions"] is { } me)
        {
            if (me is not JsonArray list)
            {
                errors.Add(new($"{path}.matchExpressions", "expected a list"));
            }
            else
            {
                for (var i = 0; i < list.Count; i++)
                {
                    if (Requirement(list[i], $"{path}.matchExpressions[{i}]", errors) is { } r)
                    {
                        expressions.Add(r);
                    }
                }
            }
        }

        return new LabelSelector(labels, expressions);
    }

    private static LabelRequirement? Requirement(JsonNode? node, string path, List<ExceptionFieldError> errors)
    {
        if (node is not JsonObject item)
        {
            errors.Add(new(path, "expected a mapping with key, operator and values"));
            return null;
        }

        Unknown(item, path, ExpressionFields, errors);
        var key = String(item["key"], $"{path}.key", errors, required: true);
        var op = String(item["operator"], $"{path}.operator", errors, required: true);
        var values = StringList(item["values"], $"{path}.values", errors) ?? [];
        if (op is not null && !LabelRequirement.Operators.Contains(op))
        {
            errors.Add(new($"{path}.operator", $"unknown operator '{op}'; expected one of {string.Join(", ", LabelRequirement.Operators)}"));
            return null;
        }

        if (op is "In" or "NotIn" && values.Count == 0)
        {
            errors.Add(new($"{path}.values", $"required with {op}: at least one value"));
        }
        else if (op is "Exists" or "DoesNotExist" && values.Count > 0)
        {
            errors.Add(new($"{path}.values", $"must be empty with {op}"));
        }

        return key is null || op is null ? null : new LabelRequirement(key, op, values);
    }

    private static string? String(JsonNode? node, string path, List<ExceptionFieldError> errors, bool required, string? why = null)
    {
        if (node is null)
        {
            if (required)
            {
                errors.Add(new(path, why is null ? "required" : $"required: {why}"));
            }

            return null;
        }

        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            errors.Add(new(path, $"expected a string, got {Describe(node)}"));
            return null;
        }

        var text = value.GetValue<string>();
        if (required && string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new(path, why is null ? "must not be empty" : $"must not be empty: {why}"));
            return null;
        }

        return text;
    }

    private static List<string>? StringList(JsonNode? node, string path, List<ExceptionFieldError> errors)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonArray array)
        {
            errors.Add(new(path, $"expected a list of strings, got {Describe(node)}"));
            return null;
        }

        var list = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (String(array[i], $"{path}[{i}]", errors, required: true) is { } s)
            {
                list.Add(s);
            }
        }

        return list;
    }

    private static void Unknown(JsonObject obj, string path, string[] known, List<ExceptionFieldError> errors)
    {
        foreach (var (key, _) in obj)
        {
            if (!known.Contains(key))
            {
                errors.Add(new(path.Length == 0 ? key : $"{path}.{key}", $"unknown field; expected one of {string.Join(", ", known)}"));
            }
        }
    }

    private static string Describe(JsonNode node) => node switch
    {
        JsonObject => "a mapping",
        JsonArray => "a list",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "a string",
        },
        _ => "null",
    };
}
