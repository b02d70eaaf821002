using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AdmissionGuard.LoadGen.Compare;

/// <summary>What wrk measured at saturation: closed loop, each connection sends as soon as it is answered.</summary>
internal sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Errors, string Output);

/// <summary>Runs wrk (Debian's package) with a Lua script that POSTs the review file.</summary>
internal static partial class Wrk
{
    public static WrkResult Run(string wrk, string script, Uri url, string bodyFile, int connections, int threads, TimeSpan duration)
    {
        var startInfo = new ProcessStartInfo(wrk)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
        {
            "-t", threads.ToString(CultureInfo.InvariantCulture),
            "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s",
            "--timeout", "10s",
            "--latency",
            "-s", script,
            url.ToString(),
            "--", bodyFile,
        })
        {
            startInfo.ArgumentList.Add(arg);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start wrk");
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(duration + TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            throw new TimeoutException("wrk did not finish");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk exited with {process.ExitCode}: {stderr.Result}\n{output}");
        }

        return Parse(output);
    }

    public static WrkResult Parse(string output)
    {
        var rps = double.Parse(Match(RequestsPerSecond(), output), CultureInfo.InvariantCulture);
        var requests = long.Parse(Match(RequestCount(), output), CultureInfo.InvariantCulture);
        long errors = 0;
        if (NonSuccess().Match(output) is { Success: true } non2xx)
        {
            errors += long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        if (SocketErrors().Match(output) is { Success: true } socket)
        {
            for (var g = 1; g <= 4; g++)
            {
                errors += long.Parse(socket.Groups[g].Value, CultureInfo.InvariantCulture);
            }
        }

        return new WrkResult(rps, Percentile(output, "50"), Percentile(output, "99"), requests, errors, output);
    }

    private static double Percentile(string output, string percent)
    {
        var m = Regex.Match(output, @"^\s+" + percent + @"%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant);
        if (!m.Success)
        {
            return double.NaN;
        }

        var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch
        {
            "us" => value / 1000,
            "s" => value * 1000,
            _ => value,
        };
    }

    private static string Match(Regex regex, string output) =>
        regex.Match(output) is { Success: true } m ? m.Groups[1].Value : throw new FormatException("unexpected wrk output:\n" + output);

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestCount();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
