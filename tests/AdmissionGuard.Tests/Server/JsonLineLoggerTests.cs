using System.Text.Json.Nodes;
using System.Text;
using AdmissionGuard.Server.Logging;
using Microsoft.Extensions.Logging;

namespace AdmissionGuard.Tests.Server;

/// <summary>The server's log lines: the console JSON formatter's shape, one line per entry, nothing lost at shutdown.</summary>
public sealed partial class JsonLineLoggerTests
{
    [LoggerMessage(7, LogLevel.Information, "{Uid} answered {Code} dryRun={DryRun} in {LatencyMs}ms")]
    private static partial void Answered(ILogger logger, string uid, int code, bool dryRun, double latencyMs);

    [Fact]
    public void Writes_each_entry_as_one_json_line_with_typed_state_fields()
    {
        var lines = Capture(logger => Answered(logger, "uid-1", 403, true, 1.25));

        var line = Assert.Single(lines);
        Assert.Equal(7, (int)line["EventId"]!);
        Assert.Equal("Information", (string?)line["LogLevel"]);
        Assert.Equal("AdmissionGuard.Tests", (string?)line["Category"]);
        Assert.Equal("uid-1 answered 403 dryRun=True in 1.25ms", (string?)line["Message"]);
        Assert.EndsWith("Z", (string)line["Timestamp"]!, StringComparison.Ordinal);
        var state = line["State"]!.AsObject();
        Assert.Equal("uid-1", (string?)state["Uid"]);
        Assert.Equal(403, (int)state["Code"]!);
        Assert.True((bool)state["DryRun"]!);
        Assert.Equal(1.25, (double)state["LatencyMs"]!);
        Assert.Equal("{Uid} answered {Code} dryRun={DryRun} in {LatencyMs}ms", (string?)state["{OriginalFormat}"]);
    }

    [Fact]
    public void Writes_every_line_of_a_burst_by_shutdown_in_order()
    {
        var lines = Capture(logger =>
        {
            for (var i = 0; i < 5000; i++)
            {
                Answered(logger, "uid-" + i, 200, false, i);
            }
        });

        Assert.Equal(5000, lines.Count);
        Assert.Equal("uid-0", (string?)lines[0]["State"]!["Uid"]);
        Assert.Equal("uid-4999", (string?)lines[^1]["State"]!["Uid"]);
    }

    [Fact]
    public void Writes_an_exception_on_one_line()
    {
        var lines = Capture(logger => logger.LogError(new InvalidOperationException("boom"), "failed {Path}", "/validate"));

        var line = Assert.Single(lines);
        Assert.Equal("Error", (string?)line["LogLevel"]);
        Assert.StartsWith("System.InvalidOperationException: boom", (string?)line["Exception"], StringComparison.Ordinal);
        Assert.Equal("/validate", (string?)line["State"]!["Path"]);
    }

    [Fact]
    public async Task Keeps_taking_lines_when_the_output_fails()
    {
        using var provider = new JsonLineLoggerProvider(new FailingStream());
        var logger = provider.CreateLogger("AdmissionGuard.Tests");

        // More than the 8 MB that may wait: writers must not block on a stream that throws.
        var done = Task.Run(() =>
        {
            for (var i = 0; i < 60_000; i++)
            {
                Answered(logger, "uid-" + new string('x', 100), 200, false, i);
            }
        });

        await done.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static List<JsonNode> Capture(Action<ILogger> log)
    {
        var stream = new MemoryStream();
        using (var provider = new JsonLineLoggerProvider(stream))
        {
            log(provider.CreateLogger("AdmissionGuard.Tests"));
        }

        return Encoding.UTF8.GetString(stream.ToArray())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonNode.Parse(l)!)
            .ToList();
    }

    private sealed class FailingStream : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => throw new ObjectDisposedException("stdout");
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new ObjectDisposedException("stdout");
    }
}
