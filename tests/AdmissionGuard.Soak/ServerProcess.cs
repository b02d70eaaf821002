using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AdmissionGuard.Testing;

namespace AdmissionGuard.Soak;

/// <summary>
/// <c>admission-guard serve</c> as a child process, as the container runs it. Its JSON log lines
/// are read as they come and counted by event id; anything not JSON, and any internal error
/// (event ids 3 and 4), is kept to report.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process process;
    private readonly ConcurrentDictionary<int, long> events = new();
    private readonly ConcurrentQueue<string> problems = new();
    private readonly TaskCompletionSource<(int Admission, int Health)> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                problems.Enqueue("stderr: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int AdmissionPort { get; private set; }

    public int HealthPort { get; private set; }

    public IReadOnlyDictionary<int, long> Events => events;

    public IEnumerable<string> Problems => problems;

    public static async Task<ServerProcess> StartAsync(params string[] args)
    {
        var server = new ServerProcess(Process.Start(ChildProcess.Server(args)) ?? throw new InvalidOperationException("cannot start the server"));
        var started = await Task.WhenAny(server.listening.Task, Task.Delay(TimeSpan.FromSeconds(60)));
        if (started != server.listening.Task)
        {
            server.Dispose();
            throw new InvalidOperationException("the server did not start: " + string.Join("\n", server.problems));
        }

        (server.AdmissionPort, server.HealthPort) = await server.listening.Task;
        return server;
    }

    /// <summary>SIGTERM, as the kubelet sends it; the exit code (or -1 if it did not exit in time).</summary>
    public async Task<int> TerminateAsync()
    {
        await ChildProcess.TerminateAsync(process);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return -1;
        }
    }

    private void OnLine(string? line)
    {
        if (string.IsNullOrEmpty(line))
        {
            return;
        }

        JsonNode? json;
        try
        {
            json = JsonNode.Parse(line);
        }
        catch (System.Text.Json.JsonException)
        {
            problems.Enqueue("not a JSON log line: " + line[..Math.Min(line.Length, 300)]);
            return;
        }

        var id = (int?)json?["EventId"] ?? -1;
        events.AddOrUpdate(id, 1, (_, n) => n + 1);
        switch (id)
        {
            case 3 or 4:
                problems.Enqueue("internal error: " + line[..Math.Min(line.Length, 2000)]);
                break;
            case 30:
                listening.TrySetResult((Port((string)json!["State"]!["Admission"]!), Port((string)json["State"]!["Health"]!)));
                break;
        }

        static int Port(string address) => int.Parse(address[(address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }
}
