using AdmissionGuard.PolicyFacts;

// make generate: rewrites the generated parts of the repository's files from the policy descriptors.
if (args is not ["--root", var root])
{
    Console.Error.WriteLine("usage: PolicyFacts --root REPOSITORY");
    return 2;
}

try
{
    var changed = 0;
    foreach (var file in GeneratedFiles.Expected(root))
    {
        var path = Path.Combine(root, file.Path);
        if (!File.Exists(path) || File.ReadAllText(path) != file.Content)
        {
            File.WriteAllText(path, file.Content);
            Console.WriteLine($"wrote {file.Path}");
            changed++;
        }
    }

    Console.WriteLine(changed == 0 ? "every generated file is current" : $"{changed} file(s) written");
    return 0;
}
catch (GenerationException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
