using System.CommandLine;

namespace AdmissionGuard.Cli;

/// <summary>
/// The command-line front end: <c>check</c>, <c>post-render</c>, <c>scan</c> and <c>compile</c>. Program.cs hands over the full
/// command line, subcommand name included (<c>["check", "--output", "json", "."]</c>), when
/// <see cref="Handles"/> says the first argument is one of these subcommands.
/// </summary>
internal static class CliApp
{
    public const string CheckName = "check";
    public const string PostRenderName = "post-render";

    public const string CompileName = "compile";

    public static bool Handles(string subcommand) => subcommand is CheckName or PostRenderName or CompileName or Scan.ScanCommand.Name;

    /// <summary>Runs <c>check</c>, <c>post-render</c>, <c>scan</c> or <c>compile</c>; returns the process exit code (<see cref="ExitCodes"/>).</summary>
    /// <param name="args">The full command line, starting with the subcommand name.</param>
    public static int Run(string[] args)
    {
        var console = CliConsole.FromSystem();
        try
        {
            // .NET ignores EPIPE on the console streams: `check ... | head` ends quietly.
            var code = Run(args, console);
            console.Out.Flush();
            return code;
        }
        finally
        {
            console.Error.Flush();
        }
    }

    internal static int Run(string[] args, CliConsole console)
    {
        var root = new RootCommand("AdmissionGuard: checks Kubernetes manifests against the admission policies.")
        {
            CheckCommand.Create(console),
            PostRenderCommand.Create(console),
            Scan.ScanCommand.Create(console),
            CompileCommand.Create(console),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                console.Error.WriteLine($"admission-guard: {error.Message}");
            }

            var sub = args.Length > 0 && Handles(args[0]) ? args[0] + " " : string.Empty;
            console.Error.WriteLine($"Run 'admission-guard {sub}--help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = console.Out,
                Error = console.Error,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (UsageException e)
        {
            console.Error.WriteLine($"admission-guard: {e.Message}");
            return ExitCodes.Usage;
        }
    }

}

/// <summary>A command line that parses but makes no sense (e.g. <c>--in-place</c> with standard input).</summary>
internal sealed class UsageException(string message) : Exception(message);
