using System.Diagnostics;

namespace AdmissionGuard.Cli.Rendering;

/// <summary>Finds the user's own tools on PATH and runs them, capturing what they print.</summary>
internal static class ExternalTool
{
    /// <summary>The first executable named <paramref name="name"/> in a PATH directory; null when there is none.</summary>
    public static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var candidate in Candidates(dir, name))
            {
                if (IsExecutable(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    public static bool IsExecutable(string file)
    {
        if (!File.Exists(file))
        {
            return false;
        }

        return OperatingSystem.IsWindows()
            || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }

    /// <summary>Runs the tool to the end; standard input is closed, so a tool that would ask for input fails instead of waiting.</summary>
    public static ToolOutput Run(string fileName, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + fileName);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new ToolOutput(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static IEnumerable<string> Candidates(string dir, string name)
    {
        yield return Path.Combine(dir, name);
        if (OperatingSystem.IsWindows())
        {
            yield return Path.Combine(dir, name + ".exe");
        }
    }
}

/// <summary>What a finished tool printed.</summary>
internal sealed record ToolOutput(int ExitCode, string Stdout, string Stderr);
