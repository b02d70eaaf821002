namespace AdmissionGuard.CorpusReport;

internal sealed record ReportOptions(string Cli, string Corpus, string Output, bool Check)
{
    public static ReportOptions? Parse(string[] args)
    {
        string? cli = null, corpus = null, output = null;
        var check = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--cli" when i + 1 < args.Length:
                    cli = args[++i];
                    break;
                case "--corpus" when i + 1 < args.Length:
                    corpus = args[++i];
                    break;
                case "--out" when i + 1 < args.Length:
                    output = args[++i];
                    break;
                case "--check":
                    check = true;
                    break;
                default:
                    return null;
            }
        }

        return cli is null || corpus is null || output is null ? null : new ReportOptions(cli, corpus, output, check);
    }
}
