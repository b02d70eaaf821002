using System.Collections.Concurrent;

namespace AdmissionGuard.Server.Logging;

/// <summary>
/// The server's log destination: JSON lines on stdout, batched (<see cref="BatchedOutput"/>).
/// Registered in the container, which disposes it at shutdown: the last lines are written then.
/// </summary>
internal sealed class JsonLineLoggerProvider : ILoggerProvider
{
    private readonly BatchedOutput output;
    private readonly ConcurrentDictionary<string, JsonLineLogger> loggers = new(StringComparer.Ordinal);

    public JsonLineLoggerProvider()
        : this(Console.OpenStandardOutput())
    {
    }

    internal JsonLineLoggerProvider(Stream stream) => output = new BatchedOutput(stream);

    public ILogger CreateLogger(string categoryName) =>
        loggers.GetOrAdd(categoryName, static (name, output) => new JsonLineLogger(name, output), output);

    public void Dispose() => output.Dispose();
}
