namespace AdmissionGuard.LoadGen.OpenLoop;

/// <summary>One fixed-rate run: every request has a send time fixed in advance.</summary>
internal sealed record OpenLoopOptions
{
    public required Uri Url { get; init; }
    public required byte[] Body { get; init; }

    /// <summary>The uid the review carries; a response that does not echo it counts as an error.</summary>
    public required string Uid { get; init; }

    public int Rate { get; init; } = 1000;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Sent at the same rate before measuring, not recorded (connections, JIT, caches).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(1);

    public int Connections { get; init; } = 16;

    /// <summary>A request still unanswered this long after its send time counts as an error.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}
