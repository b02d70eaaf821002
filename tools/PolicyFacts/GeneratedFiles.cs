namespace AdmissionGuard.PolicyFacts;

/// <summary>A file as the generator writes it (its path relative to the repository).</summary>
internal sealed record GeneratedFile(string Path, string Content);

/// <summary>
/// Every file that holds facts of the policies in <see cref="PolicyCatalog"/>, as <c>make generate</c>
/// writes it from the descriptors and the hand-written parts of the files in <c>root</c>.
/// </summary>
internal static class GeneratedFiles
{
    public static IReadOnlyList<GeneratedFile> Expected(string root)
    {
        string Read(string path) =>
            File.Exists(System.IO.Path.Combine(root, path)) ? File.ReadAllText(System.IO.Path.Combine(root, path))
            : throw new GenerationException($"{path} is missing");
        string? ReadIfAny(string path) => File.Exists(System.IO.Path.Combine(root, path)) ? File.ReadAllText(System.IO.Path.Combine(root, path)) : null;

        var files = new List<GeneratedFile>();
        var policyFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var d in PolicyCatalog.All)
        {
            var policyFile = PolicyFiles.Write(d, ReadIfAny(PolicyFiles.Path(d)));
            policyFiles[d.Id] = policyFile;
            files.Add(new(PolicyFiles.Path(d), policyFile));
            files.Add(new(Docs.Page(d), Docs.WritePage(d, Read(Docs.Page(d)))));
        }

        files.Add(new(ChartValues.Path, ChartValues.Write(Read(ChartValues.Path), policyFiles)));
        files.Add(new(ChartSchema.Path, ChartSchema.Write(Read(ChartSchema.Path))));
        files.Add(new(ChartPolicyTable.Path, ChartPolicyTable.Write(Read(ChartPolicyTable.Path))));
        files.Add(new(Docs.PolicyFiles, Docs.WritePolicyFiles(Read(Docs.PolicyFiles))));
        var answers = ExampleAnswers.Compute(root, policyFiles);
        files.Add(new(Docs.Readme, Docs.WriteReadme(Read(Docs.Readme), answers)));
        files.Add(new(ExampleAnswers.ServerDoc, ExampleAnswers.WriteServerDoc(Read(ExampleAnswers.ServerDoc), answers)));
        return files;
    }
}
