using System.Threading.Channels;
using AdmissionGuard.Core.Cluster;

namespace AdmissionGuard.Core.Tests.Cluster;

/// <summary>Answers list calls from a script the test sets, and tells the test when each call happened.</summary>
internal sealed class FakeKustomizationSource : IKustomizationSource
{
    private readonly Channel<int> calls = Channel.CreateUnbounded<int>();
    private int count;

    /// <summary>What the next list returns or throws; may block until cancelled.</summary>
    public Func<CancellationToken, Task<IReadOnlyList<KustomizationEntry>>> Next { get; set; } =
        _ => Task.FromResult<IReadOnlyList<KustomizationEntry>>([]);

    public int Calls => Volatile.Read(ref count);

    public Task<IReadOnlyList<KustomizationEntry>> ListAsync(CancellationToken cancellationToken)
    {
        calls.Writer.TryWrite(Interlocked.Increment(ref count));
        return Next(cancellationToken);
    }

    public void Returns(params KustomizationEntry[] entries) => Next = _ => Task.FromResult<IReadOnlyList<KustomizationEntry>>(entries);

    public void Throws(Exception e) => Next = _ => Task.FromException<IReadOnlyList<KustomizationEntry>>(e);

    /// <summary>Waits until the list has been called <paramref name="n"/> times. The timeout only guards against a hung test.</summary>
    public async Task WaitForCallAsync(int n)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Calls < n)
        {
            await calls.Reader.ReadAsync(guard.Token);
        }
    }
}
