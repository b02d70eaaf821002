using System.Reflection;
using AdmissionGuard.Cli;
using AdmissionGuard.Server.Hosting;

// One executable, four entry points on one engine: the webhook (docs/server.md) and the CLI commands (docs/cli.md).
return args switch
{
    ["serve", ..] => ServeCommand.Run(args),
    ["check" or "post-render" or "scan" or "compile", ..] => CliApp.Run(args),
    ["--version"] => Version(),
    [] or ["--help" or "-h" or "help"] => Usage(Console.Out, 0),
    _ => Usage(Console.Error, 2),
};

static int Version()
{
    var assembly = typeof(ServeCommand).Assembly;
    var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? assembly.GetName().Version?.ToString() ?? "unknown";
    Console.Out.WriteLine($"admission-guard {version}");
    return 0;
}

static int Usage(TextWriter output, int exitCode)
{
    output.WriteLine("""
        Usage: admission-guard <command> [options]

        Commands:
          serve         Serve the validating and mutating webhook over HTTPS
          check         Check manifest files (YAML or JSON) against the policies
          post-render   Helm post-renderer: mutate rendered manifests, fail on enforced violations
          scan          Judge what already runs in a cluster; write the check formats or OpenReports
          compile       Write the policies as ValidatingAdmissionPolicy and MutatingAdmissionPolicy

        Options:
          --version     Print the version and exit
          -h, --help    Show this help

        Run 'admission-guard <command> --help' for a command's options.
        """);
    return exitCode;
}
