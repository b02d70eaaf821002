namespace AdmissionGuard.Tests.Server;

/// <summary>Waits for something the server does in the background (a reload), polling; fails after a generous bound.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public static async Task<T> GetAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        T value;
        do
        {
            value = await probe();
            if (done(value))
            {
                return value;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"{what}: still not the case after {Bound.TotalSeconds} s (last: {value})");
        return value;
    }
}
