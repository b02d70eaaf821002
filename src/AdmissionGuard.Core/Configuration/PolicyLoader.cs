using AdmissionGuard.Core.Configuration.Validation;

namespace AdmissionGuard.Core.Configuration;

/// <summary>
/// Loads policy files (docs/policies-files.md): YAML read with YamlDotNet, checked by the FluentValidation
/// validators in <see cref="Validation"/>. Every error is collected, each naming file, line and
/// field; a set with any error is not loaded at all. A set replaces whatever was loaded before:
/// a policy without a file is not loaded, which is the same as <c>action: off</c>.
/// </summary>
internal static class PolicyLoader
{
    /// <summary>The embedded defaults' resource names start with this (the Core project embeds <c>policies/*.yaml</c>).</summary>
    private const string DefaultsResourcePrefix = "policies/";

    /// <summary>The field named by errors about a directory as a whole.</summary>
    public const string DirectoryField = "(directory)";

    /// <summary>The policies built into the binary (the repository's <c>policies/</c>).</summary>
    public static PolicyLoadResult LoadDefaults(PolicyServices? services = null)
    {
        var assembly = typeof(PolicyLoader).Assembly;
        var files = new List<(string File, string Content)>();
        foreach (var name in assembly.GetManifestResourceNames().Order(StringComparer.Ordinal))
        {
            if (name.StartsWith(DefaultsResourcePrefix, StringComparison.Ordinal))
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                files.Add((name, reader.ReadToEnd()));
            }
        }

        return Load(files, services, "embedded policies/");
    }

    /// <summary>
    /// Every <c>*.yaml</c>/<c>*.yml</c> file at the top of a directory; replaces the defaults.
    /// Symbolic links are followed, so a mounted ConfigMap (whose keys are links into
    /// <c>..data/</c>) reads as its keys; its <c>..data</c> and timestamped directories, and any
    /// other hidden entry, are skipped.
    /// </summary>
    public static PolicyLoadResult LoadDirectory(string directory, PolicyServices? services = null)
    {
        if (!Directory.Exists(directory))
        {
            return Failed(new PolicyFileError(directory, 0, DirectoryField, "no such directory"));
        }

        var files = new List<(string File, string Content)>();
        var errors = new List<PolicyFileError>();
        foreach (var path in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
        {
            // File.Exists follows links: false for directories, links to directories, and links
            // left dangling while the kubelet swaps a ConfigMap's ..data (the key is being removed).
            if (!IsPolicyFileName(Path.GetFileName(path)) || !File.Exists(path))
            {
                continue;
            }

            try
            {
                files.Add((path, File.ReadAllText(path)));
            }
            catch (FileNotFoundException)
            {
                // Removed between listing and reading: the key is gone.
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add(new PolicyFileError(path, 0, PolicyDocumentReader.FileField, $"cannot read the file: {e.Message}"));
            }
        }

        return errors.Count > 0 ? new PolicyLoadResult(null, errors) : Load(files, services, directory);
    }

    /// <summary>
    /// Policy files given as (file name, content) pairs, e.g. a rendered ConfigMap's data. Names
    /// that do not end in <c>.yaml</c> or <c>.yml</c>, and hidden names, are ignored.
    /// </summary>
    public static PolicyLoadResult LoadFiles(IEnumerable<(string File, string Content)> files, PolicyServices? services = null) =>
        Load(files.Where(f => IsPolicyFileName(Path.GetFileName(f.File))), services, "(files)");

    /// <summary>True for <c>name.yaml</c> and <c>name.yml</c> that are not hidden (<c>.x.yaml</c>, <c>..data</c>).</summary>
    public static bool IsPolicyFileName(string name) =>
        !name.StartsWith('.')
        && (name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase));

    private static PolicyLoadResult Load(IEnumerable<(string File, string Content)> files, PolicyServices? services, string origin)
    {
        var errors = new List<PolicyFileError>();
        var documents = new List<PolicyDocument>();
        var fileCount = 0;
        foreach (var (file, content) in files)
        {
            fileCount++;
            foreach (var document in PolicyDocumentReader.Read(file, content, errors))
            {
                documents.Add(document);
                Validate(document, errors);
            }
        }

        if (fileCount == 0)
        {
            // Almost always a wrong path or an empty mount; turning every policy off takes files that say so.
            return Failed(new PolicyFileError(origin, 0, DirectoryField, "no policy files (*.yaml, *.yml); to turn every policy off, give each one action: off"));
        }

        ReportDuplicates(documents, errors);
        var settingsDocuments = documents.Where(d => d.Settings is not null).ToList();
        foreach (var extra in settingsDocuments.Skip(1))
        {
            errors.Add(new PolicyFileError(extra.File, extra.Line, "kind", $"a second {PolicyFileFormat.SettingsKind}; the first is at {settingsDocuments[0].File}:{settingsDocuments[0].Line}: give the policy set one"));
        }

        if (errors.Count > 0)
        {
            return new PolicyLoadResult(null, errors.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line).ToArray());
        }

        var bindings = new List<PolicyBinding>(documents.Count);
        foreach (var document in documents.Where(d => d.Settings is null))
        {
            bindings.Add(PolicyBindingBuilder.Build(document, services ?? PolicyServices.Default));
        }

        return new PolicyLoadResult(new PolicySet(bindings, settingsDocuments.FirstOrDefault()?.Settings), []);
    }

    private static void Validate(PolicyDocument document, List<PolicyFileError> errors)
    {
        if (!document.IsMapping || document.Settings is not null)
        {
            return;
        }

        foreach (var failure in PolicyDocumentValidator.Instance.Validate(document).Errors)
        {
            var field = FieldLines.FromPropertyName(failure.PropertyName);
            if (document.WasReported(field))
            {
                continue;
            }

            errors.Add(new PolicyFileError(document.File, document.Lines.Find(field), field, failure.ErrorMessage));
        }
    }

    /// <summary>Two files for one policy: which one wins would depend on file names, so neither does.</summary>
    private static void ReportDuplicates(List<PolicyDocument> documents, List<PolicyFileError> errors)
    {
        var first = new Dictionary<string, PolicyDocument>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            if (document.Metadata?.Name is not { } id || PolicyCatalog.Find(id) is null)
            {
                continue;
            }

            if (first.TryGetValue(id, out var earlier))
            {
                errors.Add(new PolicyFileError(
                    document.File,
                    document.Lines.Find("metadata.name"),
                    "metadata.name",
                    $"policy '{id}' is already defined at {earlier.File}:{earlier.Lines.Find("metadata.name")}; give each policy one file"));
            }
            else
            {
                first.Add(id, document);
            }
        }
    }

    private static PolicyLoadResult Failed(PolicyFileError error) => new(null, [error]);
}
