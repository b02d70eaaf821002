using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AdmissionGuard.Core.Configuration;

/// <summary>
/// Turns one policy file's text into <see cref="PolicyDocument"/>s: YAML syntax errors, empty
/// files and fields of the wrong shape are reported here; what the values mean is the
/// validators' business. A file normally holds one policy; several documents are read in turn.
/// </summary>
internal static class PolicyDocumentReader
{
    public const string SyntaxField = "(yaml)";
    public const string FileField = "(file)";
    public const string DocumentField = "(document)";

    public static IReadOnlyList<PolicyDocument> Read(string file, string content, List<PolicyFileError> errors)
    {
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(content));
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException e)
        {
            errors.Add(new PolicyFileError(file, (int)e.Start.Line, SyntaxField, "YAML syntax error: " + FirstLine(e.Message)));
            return [];
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this instead of a YamlException on some malformed input
            // (an unterminated flow sequence, for one); the scanner still knows where it stopped.
            errors.Add(new PolicyFileError(file, (int)scanner.CurrentPosition.Line, SyntaxField, "YAML syntax error: unexpected end of a flow collection or scalar"));
            return [];
        }

        var documents = new List<PolicyDocument>();
        foreach (var yaml in stream.Documents)
        {
            if (!YamlValueReader.IsNull(yaml.RootNode))
            {
                documents.Add(ReadDocument(file, yaml.RootNode, errors));
            }
        }

        if (documents.Count == 0)
        {
            errors.Add(new PolicyFileError(file, 1, FileField, "the file is empty; a policy file holds one GuardPolicy"));
        }

        return documents;
    }

    private static PolicyDocument ReadDocument(string file, YamlNode root, List<PolicyFileError> errors)
    {
        var document = new PolicyDocument(file, YamlValueReader.LineOf(root));
        var reader = new YamlValueReader(document, errors);
        if (root is not YamlMappingNode mapping)
        {
            reader.Error(DocumentField, root, $"expected a GuardPolicy mapping, got {YamlValueReader.Describe(root)}");
            document.IsMapping = false;
            return document;
        }

        document.ApiVersion = (Field(mapping, "apiVersion") as YamlScalarNode)?.Value;
        document.Kind = (Field(mapping, "kind") as YamlScalarNode)?.Value;
        if (document.ApiVersion == PolicyFileFormat.ApiVersion && document.Kind == PolicyFileFormat.SettingsKind)
        {
            document.Settings = ReadSettings(mapping, reader);
            return document;
        }

        if (!PolicyFileFormat.IsGuardPolicy(document.ApiVersion, document.Kind))
        {
            // Not a GuardPolicy (a Deployment dropped into the folder, say): its fields would only
            // add noise to the two errors that matter, so the validators report apiVersion and kind alone.
            RecordHeaderLines(mapping, document);
            return document;
        }

        // The policy id decides which parameter record spec.parameters binds to, so read it first.
        var id = Field(mapping, "metadata") is YamlMappingNode meta && Field(meta, "name") is YamlScalarNode name ? name.Value : null;
        var descriptor = id is null ? null : PolicyCatalog.Find(id);

        reader.ReadMapping(mapping, string.Empty,
        [
            ("apiVersion", (n, p) => reader.ReadString(n, p)),
            ("kind", (n, p) => reader.ReadString(n, p)),
            ("metadata", (n, p) => document.Metadata = ReadMetadata(n, p, reader)),
            ("spec", (n, p) => document.Spec = ReadSpec(n, p, reader, descriptor)),
        ]);
        return document;
    }

    /// <summary>The policy set's settings: <c>spec.maxExceptionDays</c>, <c>spec.allowExceptionOfAllPolicies</c>.</summary>
    private static PolicySetSettings ReadSettings(YamlMappingNode mapping, YamlValueReader reader)
    {
        var settings = PolicySetSettings.Default;
        reader.ReadMapping(mapping, string.Empty,
        [
            ("apiVersion", (n, p) => reader.ReadString(n, p)),
            ("kind", (n, p) => reader.ReadString(n, p)),
            ("metadata", (n, p) => ReadMetadata(n, p, reader)),
            ("spec", (node, path) => reader.ReadMapping(node, path,
            [
                ("maxExceptionDays", (n, p) =>
                {
                    if (reader.ReadInteger(n, p) is not { } days)
                    {
                        return;
                    }

                    if (days is < 1 or > PolicyFileFormat.MaxExceptionDaysLimit)
                    {
                        reader.Error(p, n, $"must be between 1 and {PolicyFileFormat.MaxExceptionDaysLimit}");
                        return;
                    }

                    settings = settings with { MaxExceptionDays = (int)days };
                }),
                ("allowExceptionOfAllPolicies", (n, p) => settings = settings with { AllowExceptionOfAllPolicies = reader.ReadBool(n, p) ?? false }),
            ])),
        ]);
        return settings;
    }

    private static PolicyMetadataPart ReadMetadata(YamlNode node, string path, YamlValueReader reader)
    {
        var metadata = new PolicyMetadataPart();
        reader.ReadMapping(node, path,
        [
            ("name", (n, p) => metadata.Name = reader.ReadString(n, p)),

            // Kubernetes-shaped objects carry these; they mean nothing to the loader.
            ("labels", (_, _) => { }),
            ("annotations", (_, _) => { }),
        ]);
        return metadata;
    }

    private static PolicySpecPart ReadSpec(YamlNode node, string path, YamlValueReader reader, PolicyDescriptor? descriptor)
    {
        var spec = new PolicySpecPart();
        YamlNode? parameters = null;
        reader.ReadMapping(node, path,
        [
            ("action", (n, p) => spec.Action = reader.ReadString(n, p)),
            ("match", (n, p) => spec.Match = ReadMatch(n, p, reader)),
            ("exclude", (n, p) => spec.Exclude = ReadExclude(n, p, reader)),
            ("allowExistingViolations", (n, p) => spec.AllowExistingViolations = reader.ReadBool(n, p) ?? false),
            ("allowObjectExemption", (n, p) => spec.AllowObjectExemption = reader.ReadBool(n, p) ?? false),
            ("parameters", (n, _) => parameters = n),
        ]);

        if (descriptor is not null)
        {
            spec.Parameters = descriptor.Bind(parameters, FieldLines.Child(path, "parameters"), reader);
        }

        return spec;
    }

    private static PolicyMatchPart ReadMatch(YamlNode node, string path, YamlValueReader reader)
    {
        var match = new PolicyMatchPart();
        reader.ReadMapping(node, path,
        [
            ("kinds", (n, p) => match.Kinds = reader.ReadStringList(n, p) ?? []),
        ]);
        return match;
    }

    private static PolicyExcludePart ReadExclude(YamlNode node, string path, YamlValueReader reader)
    {
        var exclude = new PolicyExcludePart();
        reader.ReadMapping(node, path,
        [
            ("namespaces", (n, p) => exclude.Namespaces = reader.ReadStringList(n, p) ?? []),
            ("names", (n, p) => exclude.Names = reader.ReadStringList(n, p) ?? []),
            ("users", (n, p) => exclude.Users = reader.ReadStringList(n, p) ?? []),
            ("groups", (n, p) => exclude.Groups = reader.ReadStringList(n, p) ?? []),
            ("serviceAccounts", (n, p) => exclude.ServiceAccounts = reader.ReadStringList(n, p) ?? []),
        ]);
        return exclude;
    }

    private static void RecordHeaderLines(YamlMappingNode mapping, PolicyDocument document)
    {
        foreach (var (key, _) in mapping.Children)
        {
            if (key is YamlScalarNode { Value: "apiVersion" or "kind" } scalar)
            {
                document.Lines.Record(scalar.Value, YamlValueReader.LineOf(key));
            }
        }
    }

    /// <summary>A field's value by name (keys compare by text: a parsed key carries a tag that a constructed one lacks).</summary>
    private static YamlNode? Field(YamlMappingNode mapping, string name)
    {
        foreach (var (key, value) in mapping.Children)
        {
            if (key is YamlScalarNode scalar && scalar.Value == name)
            {
                return value;
            }
        }

        return null;
    }

    private static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n');
        return newline < 0 ? message : message[..newline];
    }
}
