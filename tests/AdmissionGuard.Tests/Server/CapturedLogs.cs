using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AdmissionGuard.Tests.Server;

/// <summary>Keeps every log entry of a server with its structured fields, to assert on what is (and is not) logged.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> entries = new();

    /// <param name="ReadyWhenLogged">Whether the server's <c>/readyz</c> answered 200 at the moment the entry was written.</param>
    public sealed record Entry(string Category, EventId EventId, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Fields, bool ReadyWhenLogged);

    /// <summary>Reads the server's readiness; set once the server is built.</summary>
    public Func<bool>? ReadyProbe { get; set; }

    public IReadOnlyList<Entry> Entries => entries.ToArray();

    public IReadOnlyList<Entry> WithEventId(int id) => entries.Where(e => e.EventId.Id == id).ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value)
                : new Dictionary<string, object?>();
            owner.entries.Enqueue(new Entry(category, eventId, logLevel, formatter(state, exception), fields, owner.ReadyProbe?.Invoke() == true));
        }
    }
}
