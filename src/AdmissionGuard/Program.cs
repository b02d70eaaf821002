using AdmissionGuard.Cli;

// Entry point: `check` and `post-render` run the command-line checker; `serve` the webhook.
if (args.Length > 0 && CliApp.Handles(args[0]))
{
    return CliApp.Run(args);
}

await Console.Error.WriteLineAsync("usage: admission-guard check|post-render|serve ... (admission-guard check --help)");
return ExitCodes.Usage;
