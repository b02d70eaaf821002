using AdmissionGuard.CorpusReport;

// corpus-report --cli PATH/admission-guard.dll --corpus DIR --out FILE [--check]
// --cli also takes a native admission-guard executable (any path not ending in .dll).
// --check compares instead of writing and exits 1 when FILE is out of date.
var options = ReportOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: corpus-report --cli admission-guard.dll|EXECUTABLE --corpus DIR --out FILE [--check]");
    return 2;
}

var files = Directory.GetFiles(options.Corpus, "*.yaml").Order(StringComparer.Ordinal).ToList();
if (files.Count == 0)
{
    Console.Error.WriteLine($"corpus-report: no *.yaml in {options.Corpus}");
    return 2;
}

var results = await CheckRunner.RunAsync(options.Cli, options.Corpus, files);
var current = File.Exists(options.Output) ? await File.ReadAllTextAsync(options.Output) : string.Empty;
var markdown = MarkdownReport.Write(results, new DirectoryInfo(Path.GetFullPath(options.Corpus)).Name) + MarkdownReport.KeptReview(current);
if (options.Check)
{
    if (current != markdown)
    {
        Console.Error.WriteLine($"corpus-report: {options.Output} is out of date; run `make corpus-report corpus-gitops-report`");
        return 1;
    }

    Console.WriteLine($"corpus-report: {options.Output} is up to date");
    return 0;
}

await File.WriteAllTextAsync(options.Output, markdown);
Console.WriteLine($"corpus-report: wrote {options.Output} ({files.Count} files)");
return 0;
