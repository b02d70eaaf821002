using System.Text.Json.Nodes;
using System.Text;
using AdmissionGuard.Core.Admission;
using AdmissionGuard.Core.Engine;
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

    // The decision line as a source-generated message with the same template: what the line was
    // before it wrote itself, and what any other ILogger template of it would give.
    [LoggerMessage(1, LogLevel.Information, DecisionEntry.Template)]
    private static partial void DecisionFromTemplate(ILogger logger, string endpoint, string uid, string operation, string kind, string objectNamespace, string objectName, string user, string manager, string fieldManager, bool dryRun, string decision, int code, string results, double latencyMs);

    [Theory]
    [InlineData("shop", "web", "", false, 0.123)]
    [InlineData("", "cluster-wide", "example.com", true, 12.5)]
    [InlineData("shop", "long", "long", false, 0)]
    public void Writes_the_decision_line_exactly_as_its_template_formats_it(string objectNamespace, string objectName, string group, bool dryRun, double latencyMs)
    {
        // "long": past the 256 characters a field keeps, as a client could send them.
        var name = objectName == "long" ? new string('n', 300) : objectName;
        var kind = new GroupVersionKind(group == "long" ? new string('g', 280) : group, "v1", "Widget");
        PolicyResult[] results =
        [
            new("config-checksum", PolicyAction.Enforce, PolicyResultKind.Pass, [], []),
            new("no-plaintext-secrets", PolicyAction.Warn, PolicyResultKind.Warn, [], []),
        ];

        var written = Capture(logger => logger.Decision(new DecisionEntry(
            "validate", "uid-7", "CREATE", kind, objectNamespace, name, "jane@example.com", "helm", "helm", dryRun, "allowed", 200, results, latencyMs)));
        var templated = Capture(logger => DecisionFromTemplate(
            logger, "validate", "uid-7", "CREATE", LogText.Cap(kind.ToString()), LogText.Cap(objectNamespace), LogText.Cap(name), "jane@example.com", "helm", "helm", dryRun, "allowed", 200,
            "config-checksum=pass/enforce,no-plaintext-secrets=warn/warn", latencyMs));

        var line = Assert.Single(written).AsObject();
        var expected = Assert.Single(templated).AsObject();
        line.Remove("Timestamp");
        expected.Remove("Timestamp");
        Assert.Equal(expected.ToJsonString(), line.ToJsonString());
        Assert.Contains("[config-checksum=pass/enforce,no-plaintext-secrets=warn/warn]", (string)line["Message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void Gives_other_providers_the_decision_line_message_and_fields()
    {
        var entry = new DecisionEntry("mutate", "uid-8", "UPDATE", new GroupVersionKind("", "v1", "PersistentVolumeClaim"), "shop", "data", "u", "argocd", "argocd-controller", true, "patched", 200, [], 1.5);

        Assert.Equal("mutate uid-8 UPDATE v1/PersistentVolumeClaim shop/data user=u manager=argocd fieldManager=argocd-controller dryRun=True: patched 200 [] in 1.5ms", DecisionEntry.Formatter(entry, null));
        var fields = entry.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal(true, fields["DryRun"]);
        Assert.Equal(200, fields["Code"]);
        Assert.Equal(1.5, fields["LatencyMs"]);
        Assert.Equal(string.Empty, fields["Results"]);
        Assert.Equal(DecisionEntry.Template, fields["{OriginalFormat}"]);
        Assert.Equal(15, entry.Count);
    }

    [Theory]
    [InlineData("2026-12-01T14:05:09.007")]
    [InlineData("0001-01-01T00:00:00.000")]
    [InlineData("9999-12-31T23:59:59.999")]
    [InlineData("2028-02-29T09:10:11.120")]
    public void Writes_timestamps_as_the_format_string_does(string time)
    {
        var utc = DateTime.SpecifyKind(DateTime.Parse(time, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);
        Span<char> written = stackalloc char[LogTimestamp.Length];

        LogTimestamp.Write(utc, written);

        Assert.Equal(utc.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture), written.ToString());
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
