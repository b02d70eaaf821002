using System.Diagnostics;
using System.Globalization;

namespace AdmissionGuard.Testing;

/// <summary>
/// Child processes as users and the kubelet meet them: the CLI, Helm and <c>admission-guard
/// serve</c> started with their output redirected, stopped with SIGTERM.
/// </summary>
internal static class ChildProcess
{
    /// <summary>Only a hang should reach this: on a machine whose two cores other builds load, the short soak alone has taken two minutes.</summary>
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(10);

    /// <summary>The dotnet host running the tests; it runs the built executable too.</summary>
    public static string DotnetHost { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
        ? host
        : "dotnet";

    /// <summary>The built executable, copied next to the test binaries by the project reference.</summary>
    public static string AdmissionGuardDll => Path.Combine(AppContext.BaseDirectory, "admission-guard.dll");

    /// <summary>
    /// <c>ADMISSION_GUARD_EXECUTABLE</c>: the absolute path of a native <c>admission-guard</c>
    /// (a Native AOT publish) that the process-level tests run in place of
    /// <c>dotnet admission-guard.dll</c>; null when unset, as in CI.
    /// </summary>
    public static string? NativeExecutable { get; } = Environment.GetEnvironmentVariable("ADMISSION_GUARD_EXECUTABLE") is { Length: > 0 } path
        ? (Path.IsPathFullyQualified(path) && File.Exists(path) ? path : throw new InvalidOperationException($"ADMISSION_GUARD_EXECUTABLE={path} is not an absolute path to an existing file"))
        : null;

    /// <summary>
    /// The program and arguments that run <c>admission-guard args...</c>: the native executable
    /// when <see cref="NativeExecutable"/> names one, else the dotnet host on <paramref name="dll"/>.
    /// </summary>
    public static (string FileName, string[] Arguments) AdmissionGuard(string dll, IEnumerable<string> args) =>
        NativeExecutable is { } native ? (native, [.. args]) : (DotnetHost, [dll, .. args]);

    /// <summary><see cref="AdmissionGuard"/> as one line for <c>sh</c>, each word double-quoted.</summary>
    public static string AdmissionGuardShellCommand(string dll, IEnumerable<string> args)
    {
        var (fileName, arguments) = AdmissionGuard(dll, args);
        return string.Join(' ', new[] { fileName }.Concat(arguments).Select(a => $"\"{a}\""));
    }

    /// <summary>Runs <paramref name="fileName"/> with its standard output and error redirected, without a shell.</summary>
    public static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    /// <summary><c>dotnet admission-guard.dll args...</c> (or the native executable), for <c>serve</c>.</summary>
    public static ProcessStartInfo Server(IEnumerable<string> args)
    {
        var (fileName, arguments) = AdmissionGuard(AdmissionGuardDll, args);
        return StartInfo(fileName, arguments);
    }

    /// <summary>
    /// Runs a command to completion, feeding <paramref name="stdin"/> (closed at once when null),
    /// capturing both outputs. <paramref name="environment"/> sets variables, or removes those
    /// given as null. A hung process fails the test, not the CI run.
    /// </summary>
    public static ProcessResult Run(string fileName, IEnumerable<string> args, string? stdin = null, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = StartInfo(fileName, args);
        info.RedirectStandardInput = true;
        info.WorkingDirectory = workingDirectory ?? Repository.Root;
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + fileName);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            if (stdin is not null)
            {
                process.StandardInput.Write(stdin);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The process may exit before reading its input; its exit code tells the story.
        }

        if (!process.WaitForExit(RunLimit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish within {RunLimit}");
        }

        return new ProcessResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>Sends SIGTERM, as the kubelet does on shutdown.</summary>
    public static async Task TerminateAsync(Process process)
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }
}

/// <summary>What a finished process left behind.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;

    public string All => Stdout + Stderr;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
