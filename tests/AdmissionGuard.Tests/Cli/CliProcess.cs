using AdmissionGuard.Testing;

namespace AdmissionGuard.Tests.Cli;

/// <summary>Runs the built CLI (and Helm) as processes, the way users meet them.</summary>
internal static class CliProcess
{
    /// <summary>The CLI as built by the solution: the same binary users run.</summary>
    public static string Dll => Repository.Built(Path.Combine("src", "AdmissionGuard"), "admission-guard.dll");

    /// <summary>The dotnet host running the tests; it runs the CLI too.</summary>
    public static string DotnetHost => ChildProcess.DotnetHost;

    /// <summary><c>dotnet admission-guard.dll args...</c>, or the native executable (<see cref="ChildProcess.NativeExecutable"/>).</summary>
    public static ProcessResult Run(IEnumerable<string> args, string? stdin = null, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var (fileName, arguments) = ChildProcess.AdmissionGuard(Dll, args);
        return Start(fileName, arguments, stdin, workingDirectory, environment);
    }

    /// <summary>The CLI with <paramref name="args"/> as one <c>sh</c> command line.</summary>
    public static string ShellCommand(params string[] args) => ChildProcess.AdmissionGuardShellCommand(Dll, args);

    public static ProcessResult Run(params string[] args) => Run((IEnumerable<string>)args);

    /// <summary>Reports must not depend on the caller's environment.</summary>
    private static readonly Dictionary<string, string?> ReportEnvironment = new() { ["NO_COLOR"] = null, ["DOTNET_NOLOGO"] = "1" };

    public static ProcessResult Start(string fileName, IEnumerable<string> args, string? stdin = null, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var merged = new Dictionary<string, string?>(ReportEnvironment)
        {
            // The kubectl of make tools comes last: a kustomize or kubectl of the machine wins.
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") + Path.PathSeparator + Path.GetDirectoryName(Repository.Kubectl),
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        return ChildProcess.Run(fileName, args, stdin, workingDirectory ?? Repository.Root, merged);
    }

    /// <summary>An executable script that runs the CLI with its arguments: what Helm 3 takes as --post-renderer.</summary>
    public static string WriteWrapperScript(string directory)
    {
        var path = Path.Combine(directory, "admission-guard");
        File.WriteAllText(path, $"#!/bin/sh\nexec {ShellCommand()} \"$@\"\n");
        // The tests run where Helm runs: Linux (CI) or macOS.
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("post-renderer scripts need a Unix shell");
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        return path;
    }
}
