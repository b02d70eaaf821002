namespace AdmissionGuard.Core.Compile;

/// <summary>
/// The match of a native policy: the kinds as resource rules (CREATE and UPDATE, no
/// subresources, as the webhook evaluates), never an object being deleted nor a request of the
/// control plane's controllers (which the chart never sends to the webhook), the excluded namespaces as a namespaceSelector on
/// <c>kubernetes.io/metadata.name</c>, and names, users, groups, service accounts and object
/// exemptions as matchConditions, each excluding at least what the webhook excludes.
/// </summary>
internal static class NativeMatch
{
    private const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    internal static YamlMap Constraints(IReadOnlyList<GroupVersionKind> kinds, PolicySettings settings, bool createOnly)
    {
        var rules = new List<object>();
        foreach (var group in kinds.GroupBy(k => (k.Group, k.Version)))
        {
            rules.Add(new YamlMap
            {
                ["apiGroups"] = new List<object> { group.Key.Group },
                ["apiVersions"] = new List<object> { group.Key.Version },
                ["operations"] = createOnly ? new List<object> { "CREATE" } : new List<object> { "CREATE", "UPDATE" },
                ["resources"] = group.Select(k => (object)Resource(k)).ToList(),
            });
        }

        var constraints = new YamlMap { ["resourceRules"] = rules };
        if (settings.Exclude.Namespaces.Count > 0)
        {
            constraints["namespaceSelector"] = new YamlMap
            {
                ["matchExpressions"] = new List<object>
                {
                    new YamlMap
                    {
                        ["key"] = NamespaceNameLabel,
                        ["operator"] = "NotIn",
                        ["values"] = settings.Exclude.Namespaces.Order(StringComparer.Ordinal).Cast<object>().ToList(),
                    },
                },
            };
        }

        return constraints;
    }

    /// <summary>The rule's own conditions, then one per kind of exclusion the policy file sets.</summary>
    internal static List<object> Conditions(string policyId, PolicySettings settings, IReadOnlyList<(string Name, string Expression)> own)
    {
        // What the chart never sends to the webhook either (docs/install.md, "What the webhook sees"):
        // an object on its way out (only its finalizers change), and the control plane's own controllers.
        var conditions = new List<object>
        {
            Condition("not-being-deleted", "!has(object.metadata.deletionTimestamp)"),
            Condition("not-from-the-control-plane", "!(request.userInfo.username == 'system:kube-controller-manager' || request.userInfo.username.startsWith('system:serviceaccount:kube-system:'))"),
        };
        foreach (var (name, expression) in own)
        {
            conditions.Add(Condition(name, expression));
        }

        var exclude = settings.Exclude;
        if (exclude.Names.Count > 0)
        {
            var name = "object.metadata.?name.orValue(request.name)";
            conditions.Add(Condition("exclude-names", "!(" + string.Join(" || ", exclude.Names.Select(g => $"{name}.matches({Cel.Quote(Cel.GlobPattern(g.Pattern))})")) + ")"));
        }

        if (exclude.Users.Count > 0)
        {
            conditions.Add(Condition("exclude-users", $"!(request.userInfo.username in {Cel.List(exclude.Users.Order(StringComparer.Ordinal))})"));
        }

        if (exclude.Groups.Count > 0)
        {
            conditions.Add(Condition("exclude-groups", $"!request.userInfo.?groups.orValue([]).exists(g, g in {Cel.List(exclude.Groups.Order(StringComparer.Ordinal))})"));
        }

        if (exclude.ServiceAccounts.Count > 0)
        {
            var usernames = exclude.ServiceAccounts.Order(StringComparer.Ordinal).Select(ServiceAccountUser);
            conditions.Add(Condition("exclude-service-accounts", $"!(request.userInfo.username in {Cel.List(usernames)})"));
        }

        if (settings.AllowObjectExemption)
        {
            conditions.Add(Condition(
                "object-exemption",
                $"!{Cel.Annotations}{Cel.OptionalKey(PolicyEngine.ExemptAnnotation)}.orValue('').split(',').exists(p, p.trim() == {Cel.Quote(policyId)})"));
        }

        return conditions;
    }

    /// <summary><c>namespace/name</c> -> <c>system:serviceaccount:namespace:name</c>.</summary>
    private static string ServiceAccountUser(string serviceAccount)
    {
        var slash = serviceAccount.IndexOf('/');
        return slash < 0 ? serviceAccount : $"system:serviceaccount:{serviceAccount[..slash]}:{serviceAccount[(slash + 1)..]}";
    }

    private static YamlMap Condition(string name, string expression) => new() { ["name"] = name, ["expression"] = expression };

    /// <summary>The resource (plural) of a kind: the built-in kinds' own, else the lower-case kind plus <c>s</c>/<c>es</c>/<c>ies</c>.</summary>
    public static string Resource(GroupVersionKind kind)
    {
        var lower = kind.Kind.ToLowerInvariant();
        return lower switch
        {
            _ when lower.EndsWith('s') || lower.EndsWith('x') || lower.EndsWith("ch", StringComparison.Ordinal) => lower + "es",
            _ when lower.EndsWith('y') && lower.Length > 1 && "aeiou".IndexOf(lower[^2]) < 0 => lower[..^1] + "ies",
            _ => lower + "s",
        };
    }
}
