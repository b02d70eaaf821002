using System.Diagnostics;

namespace AdmissionGuard.Tests.Cli;

/// <summary>What a finished process left behind.</summary>
internal sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public string All => Stdout + Stderr;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs the built CLI (and Helm) as processes, the way users meet them.</summary>
internal static class CliProcess
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    /// <summary>The dotnet host running the tests; it runs the CLI too.</summary>
    public static string DotnetHost { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
        ? host
        : "dotnet";

    /// <summary><c>dotnet admission-guard.dll args...</c></summary>
    public static ProcessResult Run(IEnumerable<string> args, string? stdin = null, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null) =>
        Start(DotnetHost, [TestPaths.CliDll, .. args], stdin, workingDirectory, environment);

    public static ProcessResult Run(params string[] args) => Run((IEnumerable<string>)args);

    public static ProcessResult Start(string fileName, IEnumerable<string> args, string? stdin = null, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? TestPaths.RepositoryRoot,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Reports must not depend on the caller's environment.
        info.Environment.Remove("NO_COLOR");
        info.Environment["DOTNET_NOLOGO"] = "1";
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
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

        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish");
        }

        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>An executable script that runs the CLI with its arguments: what Helm 3 takes as --post-renderer.</summary>
    public static string WriteWrapperScript(string directory)
    {
        var path = Path.Combine(directory, "admission-guard");
        File.WriteAllText(path, $"#!/bin/sh\nexec \"{DotnetHost}\" \"{TestPaths.CliDll}\" \"$@\"\n");
        // The tests run where Helm runs: Linux (CI) or macOS.
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("post-renderer scripts need a Unix shell");
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        return path;
    }
}

/// <summary>A temporary directory, removed with everything in it.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("admission-guard-tests-").FullName;

    public string Path { get; }

    public string Copy(string file, string? name = null)
    {
        var target = System.IO.Path.Combine(Path, name ?? System.IO.Path.GetFileName(file));
        File.Copy(file, target);
        return target;
    }

    public string Write(string name, string content)
    {
        var target = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        File.WriteAllText(target, content);
        return target;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
