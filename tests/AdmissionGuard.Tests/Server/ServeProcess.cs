using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Tests.Server;

/// <summary>The built executable run with <c>dotnet</c>, its stdout lines and stderr collected.</summary>
internal sealed class ServeProcess : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly ConcurrentQueue<string> lines = new();
    private readonly StringBuilder errors = new();
    private readonly SemaphoreSlim arrived = new(0);

    private ServeProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lines.Enqueue(e.Data);
                arrived.Release();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public IReadOnlyCollection<string> Lines => lines.ToArray();

    public string Errors
    {
        get
        {
            lock (errors)
            {
                return errors.ToString();
            }
        }
    }

    public static ServeProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    public static ServeProcess Start(IDictionary<string, string> environment, params string[] args)
    {
        var info = ChildProcess.Server(args);
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return new ServeProcess(Process.Start(info)!);
    }

    /// <summary>The first stdout line (JSON) that matches, waiting for it.</summary>
    public async Task<JsonNode> WaitForLineAsync(Func<JsonNode, bool> match)
    {
        using var timeout = new CancellationTokenSource(Bound);
        var seen = 0;
        while (true)
        {
            foreach (var line in lines.Skip(seen).ToArray())
            {
                seen++;
                if (JsonNode.Parse(line) is { } json && match(json))
                {
                    return json;
                }
            }

            if (process.HasExited && lines.Count == seen)
            {
                // Output events may trail the exit: wait for the end of the stream once more.
                process.WaitForExit();
                if (lines.Count == seen)
                {
                    Assert.Fail($"exited with {process.ExitCode} before the expected line: {Errors}");
                }
            }

            await arrived.WaitAsync(TimeSpan.FromMilliseconds(200), timeout.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            timeout.Token.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Sends SIGTERM, as the kubelet does, and returns the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        await ChildProcess.TerminateAsync(process);
        return await WaitForExitAsync();
    }

    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(Bound);
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
        }

        process.Dispose();
        arrived.Dispose();
    }
}
